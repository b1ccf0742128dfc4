// Settings → profile and password, on react-hook-form and TanStack Query mutations. The profile's e-mail is checked
// with the server's shared rule; a wrong current password lands on its field.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { FormProvider, useForm } from 'react-hook-form';
import { Trans, useTranslation } from 'react-i18next';
import { z } from 'zod';
import { emailSchema } from '../../../shared/schemas/fields.js';
import { api, ApiError } from '../../api/client.js';
import { FormActions } from '../../components/crud.js';
import { FormText, MessagesContext, placeServerError } from '../../components/form-fields.js';
import { toast } from '../../components/toasts.js';
import { useSession } from '../../state/session.js';

const profileForm = z.object({
  full_name: z.string(),
  email: z
    .string()
    .transform((e) => e.trim() || null)
    .pipe(emailSchema),
});
type ProfileValues = z.input<typeof profileForm>;

/** A server error on the form's fields (or the form); returns nothing so it can end a submit handler. */
function showServerError<V extends Record<string, unknown>>(
  form: ReturnType<typeof useForm<V>>,
  error: unknown,
  fields: string[],
): void {
  const formError = placeServerError(error, fields, (name, message) =>
    form.setError(name as Parameters<typeof form.setError>[0], { type: 'server', message }),
  );
  if (formError) form.setError('root.server', { type: 'server', message: formError });
}

export function ProfileSection() {
  const { user, setUser } = useSession();
  const { t } = useTranslation();
  const form = useForm<ProfileValues>({
    defaultValues: { full_name: user?.full_name ?? '', email: user?.email ?? '' },
    resolver: zodResolver(profileForm, undefined, { raw: true }),
  });
  const save = useMutation({
    mutationFn: (v: ProfileValues) =>
      api.patch('/users/me', { body: { full_name: v.full_name.trim() || null, email: v.email.trim() || null } }),
    onSuccess: (saved) => {
      setUser(saved);
      toast(t('settings.profileSaved'), { kind: 'success' });
    },
  });
  const submit = form.handleSubmit((values) =>
    save.mutateAsync(values).then(
      () => undefined,
      (error: unknown) => showServerError(form, error, ['full_name', 'email']),
    ),
  );
  return (
    <section className="card" aria-labelledby="profile-title" id="profile">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <p className="muted small">
        <Trans
          i18nKey="settings.signedInAs"
          values={{
            username: user?.username ?? '',
            role: user?.role === 'admin' ? t('settings.roleAdmin') : t('settings.roleUser'),
            method: user?.auth_method === 'oidc' ? t('settings.methodSso') : t('settings.methodPassword'),
          }}
          components={{ b: <strong /> }}
        />
      </p>
      <FormProvider {...form}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <FormText name="full_name" label={t('common.fullName')} autoComplete="name" />
          <FormText name="email" label={t('common.email')} type="email" autoComplete="email" />
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={form.formState.isSubmitting}
            submit={t('settings.saveProfile')}
          />
        </form>
      </FormProvider>
    </section>
  );
}

const passwordForm = z
  .object({ current_password: z.string().min(1), new_password: z.string().min(8), confirm: z.string() })
  .refine((v) => v.confirm === v.new_password, { path: ['confirm'], message: 'differs' });
type PasswordValues = z.input<typeof passwordForm>;
/**
 * The server answers a wrong current password with 400 validation_failed on `current_password` (its sentence is
 * English): the UI says its own. The other codes are what older servers sent.
 */
function isWrongCurrentPassword(error: ApiError): boolean {
  if (['invalid_credentials', 'wrong_password', 'invalid_password'].includes(error.code)) return true;
  const fields = error.details.fields;
  return error.code === 'validation_failed' && typeof fields === 'object' && fields !== null && 'current_password' in fields;
}

export function PasswordSection() {
  const { user } = useSession();
  const { t } = useTranslation();
  const form = useForm<PasswordValues>({
    defaultValues: { current_password: '', new_password: '', confirm: '' },
    resolver: zodResolver(passwordForm, undefined, { raw: true }),
  });
  const change = useMutation({
    mutationFn: (v: PasswordValues) =>
      api.post('/users/me/password', { body: { current_password: v.current_password, new_password: v.new_password } }),
    onSuccess: () => {
      form.reset();
      toast(t('settings.passwordChanged'), { kind: 'success' });
    },
  });
  if (user?.auth_method === 'oidc') {
    return (
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">{t('common.password')}</h2>
        <p className="muted">{t('settings.ssoPassword')}</p>
      </section>
    );
  }
  const submit = form.handleSubmit((values) =>
    change.mutateAsync(values).then(
      () => undefined,
      (error: unknown) => {
        if (error instanceof ApiError && isWrongCurrentPassword(error))
          return form.setError('current_password', { type: 'server', message: t('settings.notCurrent') });
        showServerError(form, error, ['current_password', 'new_password']);
      },
    ),
  );
  const messages = {
    current_password: t('settings.enterCurrent'),
    new_password: t('common.atLeast8'),
    confirm: t('common.passwordsDiffer'),
  };
  return (
    <section className="card" aria-labelledby="password-title" id="password">
      <h2 id="password-title">{t('common.password')}</h2>
      <FormProvider {...form}>
        <MessagesContext.Provider value={messages}>
          <form onSubmit={(e) => void submit(e)} noValidate className="stack">
            <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
            <FormText
              name="current_password"
              label={t('settings.currentPassword')}
              type="password"
              autoComplete="current-password"
            />
            <FormText
              name="new_password"
              label={t('settings.newPassword')}
              hint={t('common.atLeast8')}
              type="password"
              autoComplete="new-password"
            />
            <FormText name="confirm" label={t('settings.repeatNew')} type="password" autoComplete="new-password" />
            <FormActions
              error={form.formState.errors.root?.server?.message ?? null}
              busy={form.formState.isSubmitting}
              submit={t('settings.changePassword')}
            />
          </form>
        </MessagesContext.Provider>
      </FormProvider>
    </section>
  );
}
