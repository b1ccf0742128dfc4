// The create/edit form of a catalog item: react-hook-form over the resource's fields, checked with the shared zod
// schema the server validates with (so the form refuses what the API would, in the UI's language), saved through a
// mutation that refreshes the list; the server's own field errors land next to their fields.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type InputHTMLAttributes, type ReactNode } from 'react';
import { FormProvider, useForm, useFormContext, type FieldValues, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { catalogChanged } from '../../api/queries.js';
import { FormActions } from '../../components/crud.js';
import { toast } from '../../components/toasts.js';
import { Field } from '../../components/ui.js';
import { fieldMessage, sharedRuleMessage } from '../../i18n/errors.js';
import { useSession } from '../../state/session.js';
import type { CatalogItem, CatalogSpec, CatalogTexts, FormContext } from './spec.js';

/** Per-field sentences for zod's own messages (see CatalogForm.useMessages). */
const MessagesContext = createContext<Partial<Record<string, string>>>({});

/** The error to show for a field: the server's (already in the UI's words) or the shared rule's sentence. */
export function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  const messages = useContext(MessagesContext);
  const error = formState.errors[name];
  if (!error || typeof error.message !== 'string') return undefined;
  if (error.type === 'server') return error.message;
  return sharedRuleMessage(error.message) ?? messages[name] ?? fieldMessage(error.message);
}

export function FormText({
  name,
  label,
  hint,
  ...input
}: { name: string; label: ReactNode; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const { register } = useFormContext();
  return (
    <Field label={label} error={useFieldError(name)} hint={hint}>
      {(p) => <input {...p} {...input} {...register(name)} />}
    </Field>
  );
}

export function FormTextarea({ name, label, rows }: { name: string; label: ReactNode; rows: number }) {
  const { register } = useFormContext();
  return (
    <Field label={label} error={useFieldError(name)}>
      {(p) => <textarea {...p} rows={rows} {...register(name)} />}
    </Field>
  );
}

export function FormSelect({
  name,
  label,
  disabled,
  children,
}: {
  name: string;
  label: ReactNode;
  disabled?: boolean;
  children: ReactNode;
}) {
  const { register } = useFormContext();
  return (
    <Field label={label} error={useFieldError(name)}>
      {(p) => (
        <select {...p} {...register(name)} disabled={disabled}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** Puts an API error on the fields it names (a taken name on `name`); anything else is the form's error. */
function placeServerError(
  error: unknown,
  fields: string[],
  setFieldError: (name: string, message: string) => void,
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if ((error.code === 'name_taken' || error.code === 'conflict') && fields.includes('name')) {
    setFieldError('name', error.message);
    return null;
  }
  const known = Object.entries(error.fields).filter(([field]) => fields.includes(field));
  for (const [field, message] of known) setFieldError(field, message);
  return known.length > 0 ? null : error.message;
}

export function CatalogFormDialogBody<T extends CatalogItem, V extends FieldValues, B>({
  spec,
  texts,
  item,
  query,
  onDone,
}: {
  spec: CatalogSpec<T, V, B>;
  texts: CatalogTexts;
  item: T | null;
  query: URLSearchParams;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const client = useQueryClient();
  const ctx: FormContext<T> = { item, isAdmin };
  const defaults = spec.form.useDefaults(ctx, query);
  const messages = spec.form.useMessages?.() ?? {};
  const form = useForm<V>({
    defaultValues: defaults as never,
    resolver: zodResolver(spec.form.schema(ctx), undefined, { raw: true }),
  });
  const save = useMutation({
    mutationFn: (body: B) => (item ? spec.api.update(item, body) : spec.api.create(body)),
    onSuccess: () => catalogChanged(client, spec.list),
  });

  const submit = form.handleSubmit(async (values) => {
    const body = spec.form.toBody(values, ctx);
    try {
      await save.mutateAsync(body);
    } catch (error) {
      const fields = Object.keys(defaults);
      const formError = placeServerError(error, fields, (name, message) =>
        form.setError(name as Path<V>, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
      return;
    }
    const name = (values as { name?: string }).name?.trim() ?? '';
    toast(item ? texts.saved : texts.created(name), { kind: 'success' });
    onDone();
  });

  const busy = form.formState.isSubmitting;
  const Fields = spec.form.Fields;
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={messages as Record<string, string>}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <Fields ctx={ctx} />
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={busy}
            submit={busy ? t('common.saving') : item ? texts.saveSubmit : texts.createSubmit}
            onCancel={onDone}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}
