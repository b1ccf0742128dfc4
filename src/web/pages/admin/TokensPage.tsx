// Settings → API tokens: everyone's own tokens; create with scopes (the secret is shown once), list, revoke.
// Administrators can switch to everyone's tokens, with their owners, and revoke any of them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { keys, queries } from '../../api/queries.js';
import type { ApiToken, NewApiToken } from '../../api/types.js';
import { ListStates, NewButton } from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Dialog, EmptyState, PageHeader } from '../../components/ui.js';
import { usePageTitle } from '../../lib/title.js';
import { useSession } from '../../state/session.js';
import { TokenForm } from './TokenForm.js';
import { TokenTable } from './TokenTable.js';

/** Revoking takes the token off the list at once; if the server refuses, it comes back and the error is shown. */
function useRevoke(queryKey: readonly unknown[]) {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) => api.delete('/tokens/{id}', { params: { path: { id: token.id } } }),
    onMutate: async (token) => {
      await client.cancelQueries({ queryKey });
      const previous = client.getQueryData<ApiToken[]>(queryKey);
      client.setQueryData<ApiToken[]>(queryKey, (old) => old?.filter((x) => x.id !== token.id));
      return { previous };
    },
    onError: (error, _token, context) => {
      if (context?.previous) client.setQueryData(queryKey, context.previous);
      toastError(error);
    },
    onSuccess: (_data, token) => toast(t('tokens.revoked', { name: token.name }), { kind: 'success' }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
}

export function TokensPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.tokens'));
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const [everyone, setEveryone] = useState(false);
  const showAll = isAdmin && everyone;
  const list = queries.tokens(showAll ? 'all' : (user?.id ?? 0));
  const tokens = useQuery(list);
  // Owners by name for the everyone view (the users list is an admin's).
  const users = useQuery({ ...queries.users(), enabled: showAll });
  const owners = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.username])), [users.data]);
  const revokeToken = useRevoke(list.queryKey);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<NewApiToken | null>(null);

  return (
    <>
      <PageHeader title={t('nav.tokens')} subtitle={<Trans i18nKey="tokens.subtitle" components={{ code: <code /> }} />}>
        <NewButton onClick={() => setCreating(true)}>{t('tokens.new')}</NewButton>
      </PageHeader>
      {isAdmin && (
        <fieldset className="segmented token-scope">
          <legend className="sr-only">{t('tokens.whose')}</legend>
          {[false, true].map((all) => (
            <label key={String(all)} className={all === everyone ? 'checked' : ''}>
              <input type="radio" name="token-scope" checked={all === everyone} onChange={() => setEveryone(all)} />
              {all ? t('tokens.everyone') : t('tokens.mine')}
            </label>
          ))}
        </fieldset>
      )}
      {showAll && <p className="muted small">{t('tokens.everyoneHint')}</p>}
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
        retry={() => void tokens.refetch()}
        loading={tokens.isPending}
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
        {() => <TokenTable tokens={tokens.data ?? []} owners={showAll ? owners : undefined} onRevoke={revokeToken.mutate} />}
      </ListStates>
      <Dialog open={creating} title={t('tokens.newTitle')} onClose={() => setCreating(false)}>
        {creating && (
          <TokenForm
            onCreated={(t) => {
              setCreating(false);
              setSecret(t);
            }}
            onCancel={() => setCreating(false)}
          />
        )}
      </Dialog>
    </>
  );
}
