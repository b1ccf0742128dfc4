// Settings → API tokens: everyone's own tokens; create with scopes (the secret is shown once), list, revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { keys, queries } from '../../api/queries.js';
import type { ApiToken, NewApiToken } from '../../api/types.js';
import { useConfirm } from '../../components/ConfirmDialog.js';
import { ListStates, ListTable, NewButton, RowButton } from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, Dialog, EmptyState, PageHeader } from '../../components/ui.js';
import { nowEpoch, toEpoch } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt, useSession } from '../../state/session.js';
import { TokenForm } from './TokenForm.js';

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
  const fmt = useFmt();
  const { user } = useSession();
  const own = queries.tokens(user?.id ?? 0);
  const tokens = useQuery(own);
  const revokeToken = useRevoke(own.queryKey);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<NewApiToken | null>(null);

  const [confirm, confirmDialog] = useConfirm();
  const revoke = async (token: ApiToken) => {
    const ok = await confirm({
      title: t('tokens.revoke'),
      body: t('tokens.revokeConfirm', { name: token.name }),
      confirmLabel: t('tokens.revoke'),
      tone: 'danger',
    });
    if (ok) revokeToken.mutate(token);
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
            }}
            onCancel={() => setCreating(false)}
          />
        )}
      </Dialog>
      {confirmDialog}
    </>
  );
}
