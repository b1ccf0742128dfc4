// Admin → API tokens: create with scopes (the secret is shown once), list, revoke.
import { useState, type FormEvent } from 'react';
import { api, fetchAll } from '../../api/client.js';
import { TOKEN_SCOPES, type ApiToken } from '../../api/types.js';
import { FormActions, ListStates, ListTable, NewButton, RowButton, useFormState } from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, Dialog, EmptyState, Field, PageHeader, TextField } from '../../components/ui.js';
import { invalidate, useResource } from '../../lib/resource.js';
import { nowEpoch, toEpoch } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt } from '../../state/session.js';

const SCOPE_HELP: Record<string, string> = {
  'read:time_entries': 'read your time entries and timer',
  'write:time_entries': 'create, change and delete time entries; start and stop the timer',
  'read:projects': 'read projects and tasks',
  'write:projects': 'change projects and tasks',
  'read:clients': 'read clients',
  'write:clients': 'change clients',
  'read:reports': 'read reports and exports',
  'read:users': 'read your profile (admins: list users)',
  'admin:all': 'everything an admin can do',
  'read:*': 'every read scope',
  'write:*': 'every write scope',
};

export function TokensPage() {
  usePageTitle('API tokens');
  const fmt = useFmt();
  const tokens = useResource('tokens:list', () => fetchAll<ApiToken>('/tokens'));
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<ApiToken | null>(null);

  const revoke = async (t: ApiToken) => {
    if (!window.confirm(`Revoke the token “${t.name}”? Programs using it stop working at once.`)) return;
    try {
      await api.delete(`/tokens/${t.id}`);
      invalidate('tokens');
      toast(`Token “${t.name}” revoked.`, { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        subtitle={
          <>
            Tokens let scripts and integrations use the API: send <code>Authorization: Bearer tt_…</code>.
          </>
        }
      >
        <NewButton onClick={() => setCreating(true)}>New token</NewButton>
      </PageHeader>
      {secret && (
        <section className="card secret-card" aria-labelledby="secret-title" role="region">
          <h2 id="secret-title">Copy your new token now</h2>
          <p>
            This is the only time “{secret.name}” is shown. Store it somewhere safe; if you lose it, revoke it and create another.
          </p>
          <div className="secret-row">
            <label className="sr-only" htmlFor="token-secret">
              Token secret
            </label>
            <input id="token-secret" className="mono" readOnly value={secret.token ?? ''} onFocus={(e) => e.target.select()} />
            <button
              type="button"
              className="btn"
              onClick={() => {
                navigator.clipboard?.writeText(secret.token ?? '').then(
                  () => toast('Copied to the clipboard.', { kind: 'success' }),
                  () => toast('Copy failed: select the text and copy it.', { kind: 'error' }),
                );
              }}
            >
              Copy
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setSecret(null)}>
              Done
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
            <EmptyState title="No API tokens" action={<NewButton onClick={() => setCreating(true)}>Create a token</NewButton>}>
              Create one for each script or integration, with only the scopes it needs.
            </EmptyState>
          )
        }
      >
        {() => (
          <ListTable columns={['Name', 'Scopes', 'Expires', 'Last used']} actions>
            {(tokens.data ?? []).map((t) => {
              const expired = t.expires_at !== null && toEpoch(t.expires_at) < nowEpoch();
              return (
                <tr key={t.id}>
                  <td data-label="Name">
                    <strong>{t.name}</strong>
                    <div className="muted small mono">{t.prefix}…</div>
                  </td>
                  <td data-label="Scopes">
                    <div className="badges">
                      {t.scopes.map((s) => (
                        <Badge key={s} tone="info">
                          {s}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td data-label="Expires">
                    {t.expires_at ? (
                      <span className={expired ? 'text-bad' : ''}>
                        {expired ? 'expired ' : ''}
                        {fmt.date(toEpoch(t.expires_at))}
                      </span>
                    ) : (
                      'never'
                    )}
                  </td>
                  <td data-label="Last used">
                    {t.last_used_at ? fmt.dateTime(toEpoch(t.last_used_at)) : <span className="muted">never</span>}
                  </td>
                  <td className="row-actions">
                    <RowButton danger onClick={() => void revoke(t)} label={`Revoke ${t.name}`}>
                      Revoke
                    </RowButton>
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={creating} title="New API token" onClose={() => setCreating(false)}>
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

function TokenForm({ onCreated, onCancel }: { onCreated: (t: ApiToken) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read:time_entries']);
  const [expires, setExpires] = useState('90');
  const { errors, formError, busy, validate, save } = useFormState();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Name the token after what uses it.';
    if (scopes.length === 0) local.scopes = 'Choose at least one scope.';
    if (!validate(local)) return;
    await save(async () => {
      const created = await api.post<ApiToken>('/tokens', {
        name: name.trim(),
        scopes,
        ...(expires ? { expires_in_days: Number(expires) } : {}),
      });
      onCreated(created);
    }, ['name', 'scopes', 'expires_in_days']);
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label="Name" error={errors.name} hint="e.g. “invoice script”" value={name} onValue={setName} autoFocus />
      <fieldset className="scopes">
        <legend>Scopes</legend>
        {TOKEN_SCOPES.map((s) => (
          <div className="check" key={s}>
            <input
              id={`scope-${s}`}
              type="checkbox"
              checked={scopes.includes(s)}
              onChange={(e) => setScopes((old) => (e.target.checked ? [...old, s] : old.filter((x) => x !== s)))}
            />
            <label htmlFor={`scope-${s}`}>
              <code>{s}</code> <span className="muted small">— {SCOPE_HELP[s]}</span>
            </label>
          </div>
        ))}
        {errors.scopes && (
          <small className="field-error" role="alert">
            {errors.scopes}
          </small>
        )}
      </fieldset>
      <Field label="Expires" error={errors.expires_in_days}>
        {(p) => (
          <select {...p} value={expires} onChange={(e) => setExpires(e.target.value)}>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="">never</option>
          </select>
        )}
      </Field>
      <FormActions error={formError} busy={busy} submit={busy ? 'Creating…' : 'Create token'} onCancel={onCancel} />
    </form>
  );
}
