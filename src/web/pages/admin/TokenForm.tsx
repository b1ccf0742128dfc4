// The new-token form: a name, the scopes and an expiry, on react-hook-form; the created token (with its secret,
// shown once) goes to `onCreated`, and the token list is refetched.
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormProvider, useForm, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api } from '../../api/client.js';
import { keys } from '../../api/queries.js';
import { useSession } from '../../state/session.js';
import { TOKEN_SCOPES, type NewApiToken, type TokenScope } from '../../api/types.js';
import { FormActions } from '../../components/crud.js';
import { FormSelect, FormText, MessagesContext, placeServerError, useFieldError } from '../../components/form-fields.js';

// Every scope the server knows has its explanation (a new scope is a type error here until it has one).
const SCOPE_HELP = {
  'read:time_entries': 'tokens.scope.readTimeEntries',
  'write:time_entries': 'tokens.scope.writeTimeEntries',
  'read:projects': 'tokens.scope.readProjects',
  'write:projects': 'tokens.scope.writeProjects',
  'read:clients': 'tokens.scope.readClients',
  'write:clients': 'tokens.scope.writeClients',
  'read:reports': 'tokens.scope.readReports',
  'read:users': 'tokens.scope.readUsers',
  'admin:all': 'tokens.scope.adminAll',
  'read:*': 'tokens.scope.readAll',
  'write:*': 'tokens.scope.writeAll',
} as const satisfies Record<TokenScope, string>;

const tokenForm = z.object({
  name: z.string().trim().min(1),
  scopes: z.array(z.enum(TOKEN_SCOPES as unknown as [TokenScope, ...TokenScope[]])).min(1),
  expires_in_days: z.string(),
});
type TokenFormValues = z.input<typeof tokenForm>;

function ScopeChoices() {
  const { t } = useTranslation();
  const { register } = useFormContext<TokenFormValues>();
  const error = useFieldError('scopes');
  const { isAdmin } = useSession();
  // admin:all is for administrators only (the API answers 403 otherwise).
  const offered = TOKEN_SCOPES.filter((s) => isAdmin || s !== 'admin:all');
  return (
    <fieldset className="scopes">
      <legend>{t('tokens.scopes')}</legend>
      {offered.map((s) => (
        <div className="check" key={s}>
          <input id={`scope-${s}`} type="checkbox" value={s} {...register('scopes')} />
          <label htmlFor={`scope-${s}`}>
            <code>{s}</code> <span className="muted small">— {t(SCOPE_HELP[s])}</span>
          </label>
        </div>
      ))}
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

export function TokenForm({ onCreated, onCancel }: { onCreated: (t: NewApiToken) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm<TokenFormValues>({
    defaultValues: { name: '', scopes: ['read:time_entries'], expires_in_days: '90' },
    resolver: zodResolver(tokenForm, undefined, { raw: true }),
  });
  const create = useMutation({
    mutationFn: (v: TokenFormValues) =>
      api.post('/tokens', {
        body: {
          name: v.name.trim(),
          scopes: v.scopes,
          ...(v.expires_in_days ? { expires_in_days: Number(v.expires_in_days) } : {}),
        },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      onCreated(await create.mutateAsync(values));
    } catch (error) {
      const formError = placeServerError(error, ['name', 'scopes', 'expires_in_days'], (name, message) =>
        form.setError(name as keyof TokenFormValues, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
    }
  });
  const busy = form.formState.isSubmitting;
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={{ name: t('tokens.nameRequired'), scopes: t('tokens.scopeRequired') }}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <FormText name="name" label={t('common.name')} hint={t('tokens.nameHint')} autoFocus />
          <ScopeChoices />
          <FormSelect name="expires_in_days" label={t('tokens.expires')}>
            <option value="30">{t('tokens.in30')}</option>
            <option value="90">{t('tokens.in90')}</option>
            <option value="365">{t('tokens.inYear')}</option>
            <option value="">{t('common.never')}</option>
          </FormSelect>
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={busy}
            submit={busy ? t('common.creating') : t('tokens.create')}
            onCancel={onCancel}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}
