// Form fields wired to react-hook-form (inside a FormProvider): a label, the control, its hint and its error, shown in
// the UI's language — the server's words as it sent them, a shared rule's sentence (see i18n/errors.ts), or a
// sentence the form gives for zod's own messages through MessagesContext.
import { createContext, useContext, type InputHTMLAttributes, type ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { ApiError } from '../api/client.js';
import { fieldMessage, sharedRuleMessage } from '../i18n/errors.js';
import { Field } from './ui.js';

/** Per-field sentences for zod's own messages (see CatalogForm.useMessages). */
export const MessagesContext = createContext<Partial<Record<string, string>>>({});

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

export function FormTextarea({ name, label, rows, hint }: { name: string; label: ReactNode; rows: number; hint?: ReactNode }) {
  const { register } = useFormContext();
  return (
    <Field label={label} error={useFieldError(name)} hint={hint}>
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
export function placeServerError(
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
