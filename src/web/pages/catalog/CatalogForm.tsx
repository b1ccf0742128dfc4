// The create/edit form of a catalog item: react-hook-form over the resource's fields, checked with the shared zod
// schema the server validates with (so the form refuses what the API would, in the UI's language), saved through a
// mutation that refreshes the list; the server's own field errors land next to their fields.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormProvider, useForm, type FieldValues, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { catalogChanged } from '../../api/queries.js';
import { FormActions } from '../../components/crud.js';
import { MessagesContext, placeServerError } from '../../components/form-fields.js';
import { toast } from '../../components/toasts.js';
import { useSession } from '../../state/session.js';
import type { CatalogItem, CatalogSpec, CatalogTexts, FormContext } from './spec.js';

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
