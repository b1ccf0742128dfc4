// The new-user form on react-hook-form: username, password (optional when single sign-on is on), name, e-mail and
// role; a taken username or e-mail lands on its field, and the user list is refetched.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { emailSchema } from '../../../shared/schemas/fields.js';
import { api, ApiError } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import { FormActions } from '../../components/crud.js';
import { FormSelect, FormText, MessagesContext, placeServerError } from '../../components/form-fields.js';
import { toast } from '../../components/toasts.js';

const userForm = (ssoAvailable: boolean) =>
  z
    .object({
      username: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/),
      password: z.string().refine((p) => p === '' || p.length >= 8),
      full_name: z.string(),
      // The server's e-mail rule and words (shared), on the trimmed text; empty is none.
      email: z
        .string()
        .transform((e) => e.trim() || null)
        .pipe(emailSchema),
      role: z.enum(['user', 'admin']),
    })
    .refine((v) => ssoAvailable || v.password !== '', { path: ['password'], message: 'no password without SSO' });
type UserFormValues = z.input<ReturnType<typeof userForm>>;

export function UserForm({ ssoAvailable, onDone }: { ssoAvailable: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<UserFormValues>({
    defaultValues: { username: '', password: '', full_name: '', email: '', role: 'user' },
    resolver: zodResolver(userForm(ssoAvailable), undefined, { raw: true }),
  });
  const create = useMutation({
    mutationFn: (v: UserFormValues) =>
      api.post('/users', {
        body: {
          username: v.username,
          ...(v.password ? { password: v.password } : {}),
          full_name: v.full_name.trim() || null,
          email: v.email.trim() || null,
          role: v.role,
        },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.admin.users }),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      await create.mutateAsync(values);
    } catch (error) {
      const taken = error instanceof ApiError && { username_taken: 'username', email_taken: 'email' }[error.code];
      if (taken === 'username') return form.setError('username', { type: 'server', message: t('users.usernameTaken') });
      if (taken === 'email') return form.setError('email', { type: 'server', message: t('users.emailTaken') });
      const formError = placeServerError(error, Object.keys(values), (name, message) =>
        form.setError(name as keyof UserFormValues, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
      return;
    }
    toast(t('users.created', { username: values.username }), { kind: 'success' });
    onDone();
  });
  const busy = form.formState.isSubmitting;
  const messages = {
    username: t('common.usernameRule'),
    password: form.watch('password') ? t('common.atLeast8') : t('users.noPasswordNoSso'),
  };
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={messages}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <FormText name="username" label={t('common.username')} autoComplete="off" autoFocus />
          <FormText
            name="password"
            label={t('common.password')}
            hint={ssoAvailable ? t('users.ssoOnlyHint') : t('common.atLeast8')}
            type="password"
            autoComplete="new-password"
          />
          <FormText name="full_name" label={t('common.fullName')} />
          <FormText name="email" label={t('common.email')} type="email" />
          <FormSelect name="role" label={t('users.role')}>
            <option value="user">{t('users.roleUserLong')}</option>
            <option value="admin">{t('users.roleAdminLong')}</option>
          </FormSelect>
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={busy}
            submit={busy ? t('common.creating') : t('users.create')}
            onCancel={onDone}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}
