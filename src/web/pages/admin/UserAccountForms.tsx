// An administrator looks after another user's account: their name and e-mail address (a taken address is said
// beside its field), and a new password (their sessions end; their API tokens keep working).
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { emailSchema } from '../../../shared/schemas/fields.js';
import { api, ApiError } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import type { User } from '../../api/types.js';
import { FormActions } from '../../components/crud.js';
import { FormText, MessagesContext, placeServerError } from '../../components/form-fields.js';
import { toast } from '../../components/toasts.js';

const profileForm = z.object({
  full_name: z.string(),
  // The server's e-mail rule and words (shared), on the trimmed text; empty is none.
  email: z
    .string()
    .transform((e) => e.trim() || null)
    .pipe(emailSchema),
});
type ProfileValues = z.input<typeof profileForm>;

export function UserEditForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<ProfileValues>({
    defaultValues: { full_name: user.full_name ?? '', email: user.email ?? '' },
    resolver: zodResolver(profileForm, undefined, { raw: true }),
  });
  const save = useMutation({
    mutationFn: (v: ProfileValues) =>
      api.patch('/users/{id}', {
        params: { path: { id: user.id } },
        body: { full_name: v.full_name.trim() || null, email: v.email.trim() || null },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.users }),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      await save.mutateAsync(values);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'email_taken')
        return form.setError('email', { type: 'server', message: t('users.emailTaken') });
      const formError = placeServerError(error, ['full_name', 'email'], (name, message) =>
        form.setError(name as keyof ProfileValues, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
      return;
    }
    toast(t('users.saved', { username: user.username }), { kind: 'success' });
    onDone();
  });
  return (
    <FormProvider {...form}>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <FormText name="full_name" label={t('common.fullName')} autoComplete="off" autoFocus />
        <FormText name="email" label={t('common.email')} type="email" autoComplete="off" />
        <FormActions
          error={form.formState.errors.root?.server?.message ?? null}
          busy={form.formState.isSubmitting}
          submit={t('users.save')}
          onCancel={onDone}
        />
      </form>
    </FormProvider>
  );
}

const passwordForm = z
  .object({ new_password: z.string().min(8), confirm: z.string() })
  .refine((v) => v.confirm === v.new_password, { path: ['confirm'], message: 'differs' });
type PasswordValues = z.input<typeof passwordForm>;

export function PasswordResetForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm<PasswordValues>({
    defaultValues: { new_password: '', confirm: '' },
    resolver: zodResolver(passwordForm, undefined, { raw: true }),
  });
  const reset = useMutation({
    mutationFn: (v: PasswordValues) =>
      api.post('/users/{id}/password', { params: { path: { id: user.id } }, body: { new_password: v.new_password } }),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      await reset.mutateAsync(values);
    } catch (error) {
      const formError = placeServerError(error, ['new_password'], (name, message) =>
        form.setError(name as keyof PasswordValues, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
      return;
    }
    toast(t('users.passwordSet', { username: user.username }), { kind: 'success' });
    onDone();
  });
  const messages = { new_password: t('common.atLeast8'), confirm: t('common.passwordsDiffer') };
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={messages}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <p className="muted small">{t('users.resetPasswordHint', { username: user.username })}</p>
          {/* For password managers: whose password this is. */}
          <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
          <FormText
            name="new_password"
            label={t('settings.newPassword')}
            hint={t('common.atLeast8')}
            type="password"
            autoComplete="new-password"
            autoFocus
          />
          <FormText name="confirm" label={t('settings.repeatNew')} type="password" autoComplete="new-password" />
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={form.formState.isSubmitting}
            submit={t('users.setPassword')}
            onCancel={onDone}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}

const ssoLinkForm = z.object({ subject: z.string().trim().min(1).max(255) });
type SsoLinkValues = z.input<typeof ssoLinkForm>;

/**
 * Link a single sign-on identity: resolves a sign-in refused with account_link_required, whose subject ("sub")
 * the server log names. Not optimistic: the server checks that no other account holds the subject.
 */
export function SsoLinkForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<SsoLinkValues>({
    defaultValues: { subject: '' },
    resolver: zodResolver(ssoLinkForm, undefined, { raw: true }),
  });
  const link = useMutation({
    mutationFn: (v: SsoLinkValues) =>
      api.put('/users/{id}/sso-identity', { params: { path: { id: user.id } }, body: { subject: v.subject.trim() } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.users }),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      await link.mutateAsync(values);
    } catch (error) {
      const formError = placeServerError(error, ['subject'], (name, message) =>
        form.setError(name as keyof SsoLinkValues, { type: 'server', message }),
      );
      if (formError) form.setError('subject', { type: 'server', message: formError });
      return;
    }
    toast(t('users.linked', { username: user.username }), { kind: 'success' });
    onDone();
  });
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={{ subject: t('users.linkSubjectRequired') }}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <p className="muted small">{t('users.linkPrompt', { username: user.username })}</p>
          <FormText name="subject" label={t('users.linkSubject')} autoComplete="off" spellCheck={false} autoFocus />
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={form.formState.isSubmitting}
            submit={t('users.link')}
            onCancel={onDone}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}
