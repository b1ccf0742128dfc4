// Settings → API tokens: everyone's own tokens; create with scopes (the secret is shown once), list, revoke.
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, fetchAll } from '../../api/client.js';
import { TOKEN_SCOPES, type ApiToken, type NewApiToken, type TokenScope } from '../../api/types.js';
import { FormActions, ListStates, ListTable, NewButton, RowButton, useFormState } from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, Dialog, EmptyState, Field, PageHeader, TextField } from '../../components/ui.js';
import { invalidate, useResource } from '../../lib/resource.js';
import { nowEpoch, toEpoch } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt, useSession } from '../../state/session.js';

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

export function TokensPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.tokens'));
  const fmt = useFmt();
  const { user } = useSession();
  // The caller's own tokens: for administrators the API lists everyone's unless asked for one user's.
  const tokens = useResource('tokens:list', () => fetchAll('/tokens', user ? { user_id: user.id } : {}));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<NewApiToken | null>(null);

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('tokens.revokeConfirm', { name: token.name }))) return;
    try {
      await api.delete('/tokens/{id}', { params: { path: { id: token.id } } });
      invalidate('tokens');
      toast(t('tokens.revoked', { name: token.name }), { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <>
      <PageHeader title={t('nav.tokens')} subtitle={<Trans i18nKey="tokens.subtitle" components={{ code: <code /> }} />}>
        <NewButton onClick={() => setCreating(true)}>{t('tokens.new')}</NewButton>
      </PageHeader>
      {secret && (
        <section className="card secret-card" aria-labelledby="secret-title" role="region">
          <h2 id="secret-title">{t('tokens.copyNow')}</h2>
          <p>{t('tokens.onlyTime', { name: secret.name })}</p>
          <div className="secret-row">
            <label className="sr-only" htmlFor="token-secret">
              {t('tokens.secret')}
            </label>
            <input id="token-secret" className="mono" readOnly value={secret.token ?? ''} onFocus={(e) => e.target.select()} />
            <button
              type="button"
              className="btn"
              onClick={() => {
                navigator.clipboard?.writeText(secret.token ?? '').then(
                  () => toast(t('tokens.copied'), { kind: 'success' }),
                  () => toast(t('tokens.copyFailed'), { kind: 'error' }),
                );
              }}
            >
              {t('tokens.copy')}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setSecret(null)}>
              {t('tokens.done')}
            </button>
          </div>
        </section>
      )}
      <ListStates
        error={tokens.error}
        retry={tokens.reload}
        loading={!tokens.data}
        lines={3}
        empty={
          tokens.data?.length === 0 && (
            <EmptyState
              title={t('tokens.emptyTitle')}
              action={<NewButton onClick={() => setCreating(true)}>{t('tokens.createOne')}</NewButton>}
            >
              {t('tokens.emptyBody')}
            </EmptyState>
          )
        }
      >
        {() => (
          <ListTable columns={[t('common.name'), t('tokens.scopes'), t('tokens.expires'), t('tokens.lastUsed')]} actions>
            {(tokens.data ?? []).map((token) => {
              const expired = token.expires_at !== null && toEpoch(token.expires_at) < nowEpoch();
              return (
                <tr key={token.id}>
                  <td data-label={t('common.name')}>
                    <strong>{token.name}</strong>
                    <div className="muted small mono">{token.prefix}…</div>
                  </td>
                  <td data-label={t('tokens.scopes')}>
                    <div className="badges">
                      {token.scopes.map((s) => (
                        <Badge key={s} tone="info">
                          {s}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td data-label={t('tokens.expires')}>
                    {token.expires_at ? (
                      <span className={expired ? 'text-bad' : ''}>
                        {expired
                          ? t('tokens.expired', { date: fmt.date(toEpoch(token.expires_at)) })
                          : fmt.date(toEpoch(token.expires_at))}
                      </span>
                    ) : (
                      t('common.never')
                    )}
                  </td>
                  <td data-label={t('tokens.lastUsed')}>
                    {token.last_used_at ? (
                      fmt.dateTime(toEpoch(token.last_used_at))
                    ) : (
                      <span className="muted">{t('common.never')}</span>
                    )}
                  </td>
                  <td className="row-actions">
                    <RowButton danger onClick={() => void revoke(token)} label={t('tokens.revokeName', { name: token.name })}>
                      {t('tokens.revoke')}
                    </RowButton>
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={creating} title={t('tokens.newTitle')} onClose={() => setCreating(false)}>
        {creating && (
          <TokenForm
            onCreated={(t) => {
              setCreating(false);
              setSecret(t);
              invalidate('tokens');
            }}
            onCancel={() => setCreating(false)}
          />
        )}
      </Dialog>
    </>
  );
}

function TokenForm({ onCreated, onCancel }: { onCreated: (t: NewApiToken) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read:time_entries']);
  const [expires, setExpires] = useState('90');
  const { errors, formError, busy, validate, save } = useFormState();
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  // admin:all is for administrators only (the API answers 403 otherwise).
  const offered = TOKEN_SCOPES.filter((s) => isAdmin || s !== 'admin:all');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('tokens.nameRequired');
    if (scopes.length === 0) local.scopes = t('tokens.scopeRequired');
    if (!validate(local)) return;
    await save(async () => {
      const created = await api.post('/tokens', {
        body: { name: name.trim(), scopes, ...(expires ? { expires_in_days: Number(expires) } : {}) },
      });
      onCreated(created);
    }, ['name', 'scopes', 'expires_in_days']);
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField
        label={t('common.name')}
        error={errors.name}
        hint={t('tokens.nameHint')}
        value={name}
        onValue={setName}
        autoFocus
      />
      <fieldset className="scopes">
        <legend>{t('tokens.scopes')}</legend>
        {offered.map((s) => (
          <div className="check" key={s}>
            <input
              id={`scope-${s}`}
              type="checkbox"
              checked={scopes.includes(s)}
              onChange={(e) => setScopes((old) => (e.target.checked ? [...old, s] : old.filter((x) => x !== s)))}
            />
            <label htmlFor={`scope-${s}`}>
              <code>{s}</code> <span className="muted small">— {t(SCOPE_HELP[s])}</span>
            </label>
          </div>
        ))}
        {errors.scopes && (
          <small className="field-error" role="alert">
            {errors.scopes}
          </small>
        )}
      </fieldset>
      <Field label={t('tokens.expires')} error={errors.expires_in_days}>
        {(p) => (
          <select {...p} value={expires} onChange={(e) => setExpires(e.target.value)}>
            <option value="30">{t('tokens.in30')}</option>
            <option value="90">{t('tokens.in90')}</option>
            <option value="365">{t('tokens.inYear')}</option>
            <option value="">{t('common.never')}</option>
          </select>
        )}
      </Field>
      <FormActions error={formError} busy={busy} submit={busy ? t('common.creating') : t('tokens.create')} onCancel={onCancel} />
    </form>
  );
}
