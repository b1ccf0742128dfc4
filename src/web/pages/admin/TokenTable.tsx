// The token list of Settings → API tokens: name and prefix, scopes, expiry, last use, and Revoke behind a
// confirmation dialog. With `owners` (an administrator's view of everyone's tokens) it names each token's owner.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiToken } from '../../api/types.js';
import { ListTable, RowButton } from '../../components/crud.js';
import { Badge, Dialog } from '../../components/ui.js';
import { nowEpoch, toEpoch } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';

export function TokenTable({
  tokens,
  owners,
  onRevoke,
}: {
  tokens: ApiToken[];
  /** user id → username; given, the table has an Owner column. */
  owners?: ReadonlyMap<number, string>;
  onRevoke: (token: ApiToken) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const columns: string[] = [t('common.name'), t('tokens.scopes'), t('tokens.expires'), t('tokens.lastUsed')];
  if (owners) columns.splice(1, 0, t('tokens.owner'));
  return (
    <>
      <ListTable columns={columns} actions>
        {tokens.map((token) => {
          const expired = token.expires_at !== null && toEpoch(token.expires_at) < nowEpoch();
          return (
            <tr key={token.id}>
              <td data-label={t('common.name')}>
                <strong>{token.name}</strong>
                <div className="muted small mono">{token.prefix}…</div>
              </td>
              {owners && (
                <td data-label={t('tokens.owner')} data-testid="token-owner">
                  {owners.get(token.user_id) ?? t('tokens.ownerNumber', { id: String(token.user_id) })}
                </td>
              )}
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
                <RowButton danger onClick={() => setRevoking(token)} label={t('tokens.revokeName', { name: token.name })}>
                  {t('tokens.revoke')}
                </RowButton>
              </td>
            </tr>
          );
        })}
      </ListTable>
      <Dialog open={revoking !== null} title={t('tokens.revokeTitle')} onClose={() => setRevoking(null)}>
        {revoking && (
          <>
            <p>{t('tokens.revokeConfirm', { name: revoking.name })}</p>
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => {
                  onRevoke(revoking);
                  setRevoking(null);
                }}
              >
                {t('tokens.revoke')}
              </button>
              <button type="button" className="btn btn-ghost" onClick={() => setRevoking(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}
