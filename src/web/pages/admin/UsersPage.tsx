// Admin → Users: create users, edit their name and e-mail, set a new password, change roles, link single sign-on
// identities, deactivate and reactivate.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { keys, queries } from '../../api/queries.js';
import type { User } from '../../api/types.js';
import { useConfirm } from '../../components/ConfirmDialog.js';
import { ListFilters, ListStates, ListTable, matches, NewButton, RowButton } from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, Dialog, EmptyState, PageHeader } from '../../components/ui.js';
import { toEpoch } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt, useSession } from '../../state/session.js';
import { PasswordResetForm, SsoLinkForm, UserEditForm } from './UserAccountForms.js';
import { UserForm } from './UserForm.js';

type UserChange = { user: User; patch: Partial<Pick<User, 'role' | 'active'>>; message: string };

/** Role and active changes show at once; if the server refuses, the row goes back and the error is shown. */
function useUserChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, patch }: UserChange) => api.patch('/users/{id}', { params: { path: { id: user.id } }, body: patch }),
    onMutate: async ({ user, patch }) => {
      await client.cancelQueries({ queryKey: keys.admin.users });
      const previous = client.getQueryData<User[]>(keys.admin.users);
      client.setQueryData<User[]>(keys.admin.users, (old) => old?.map((u) => (u.id === user.id ? { ...u, ...patch } : u)));
      return { previous };
    },
    onError: (error, _change, context) => {
      if (context?.previous) client.setQueryData(keys.admin.users, context.previous);
      toastError(error);
    },
    onSuccess: (_data, { message }) => toast(message, { kind: 'success' }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.admin.users }),
  });
}

/** Unlink a single sign-on identity (linking is SsoLinkForm's). */
function useSsoUnlink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user }: { user: User; message: string }) =>
      api.delete('/users/{id}/sso-identity', { params: { path: { id: user.id } } }),
    onSuccess: (_data, { message }) => {
      void client.invalidateQueries({ queryKey: keys.admin.users });
      toast(message, { kind: 'success' });
    },
    onError: toastError,
  });
}

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.users'));
  const fmt = useFmt();
  const { user: me, info } = useSession();
  const users = useQuery(queries.users());
  const changeUser = useUserChange();
  const ssoUnlink = useSsoUnlink();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  // An SSO sign-in refused with account_link_required is resolved by linking: the server log names the subject.
  const [linking, setLinking] = useState<User | null>(null);
  const [search, setSearch] = useState('');

  const change = (user: User, patch: UserChange['patch'], message: string) => changeUser.mutate({ user, patch, message });

  const [confirm, confirmDialog] = useConfirm();
  const unlinkSso = async (u: User) => {
    const ok = await confirm({
      title: t('users.unlink'),
      body: t('users.unlinkConfirm', { username: u.username }),
      confirmLabel: t('users.unlink'),
      tone: 'danger',
    });
    if (ok) ssoUnlink.mutate({ user: u, message: t('users.unlinked', { username: u.username }) });
  };
  const deactivate = async (u: User) => {
    const ok = await confirm({
      title: t('users.deactivate'),
      body: t('users.deactivateConfirm', { username: u.username }),
      confirmLabel: t('users.deactivate'),
      tone: 'danger',
    });
    if (ok) change(u, { active: false }, t('users.deactivated', { username: u.username }));
  };

  // The pseudonymous distinct_id under which the user appears in PostHog (never their name).
  const [analyticsIds, setAnalyticsIds] = useState<Record<number, string>>({});
  const showAnalyticsId = async (u: User) => {
    try {
      const answer = await api.get('/admin/users/{id}/analytics-id', { params: { path: { id: u.id } } });
      setAnalyticsIds((ids) => ({
        ...ids,
        [u.id]: answer.opted_out ? t('users.optedOut', { id: answer.analytics_id }) : answer.analytics_id,
      }));
    } catch (e) {
      toastError(e);
    }
  };

  const list = (users.data ?? []).filter((u) => matches(`${u.username} ${u.full_name ?? ''} ${u.email ?? ''}`, search));
  return (
    <>
      <PageHeader title={t('nav.users')} subtitle={t('users.subtitle')}>
        <NewButton onClick={() => setCreating(true)}>{t('users.new')}</NewButton>
      </PageHeader>
      <ListFilters
        label={t('users.search')}
        searchId="users-q"
        placeholder={t('users.searchPlaceholder')}
        search={search}
        onSearch={setSearch}
      />
      <ListStates
        error={users.error}
        retry={() => void users.refetch()}
        loading={users.isPending}
        lines={4}
        empty={list.length === 0 && <EmptyState title={t('users.noMatch')}>{t('users.tryAnother')}</EmptyState>}
      >
        {() => (
          <ListTable
            columns={[t('users.colUser'), t('users.colRole'), t('users.colSignIn'), t('users.colLastLogin'), t('common.status')]}
            actions
          >
            {list.map((u) => {
              const self = u.id === me?.id;
              const active = u.active !== false;
              return (
                <tr key={u.id} className={active ? '' : 'inactive'}>
                  <td data-label={t('users.colUser')}>
                    <strong>{u.username}</strong>
                    {self && <span className="muted small">{t('users.you')}</span>}
                    {(u.full_name || u.email) && (
                      <div className="muted small">
                        {[u.full_name, u.email && (u.email_verified ? u.email : t('users.unverified', { email: u.email }))]
                          .filter(Boolean)
                          .join(' · ')}
                      </div>
                    )}
                  </td>
                  <td data-label={t('users.colRole')}>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      {t('users.roleOf', { username: u.username })}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      className="input-small"
                      value={u.role}
                      disabled={self}
                      onChange={(e) =>
                        change(
                          u,
                          { role: e.target.value as User['role'] },
                          e.target.value === 'admin'
                            ? t('users.nowAdmin', { username: u.username })
                            : t('users.nowUser', { username: u.username }),
                        )
                      }
                    >
                      <option value="user">{t('users.roleUser')}</option>
                      <option value="admin">{t('users.roleAdmin')}</option>
                    </select>
                  </td>
                  <td data-label={t('users.colSignIn')}>
                    {u.auth_method === 'oidc' ? t('users.sso') : t('users.passwordMethod')}
                    {u.sso_identity && u.auth_method !== 'oidc' && t('users.plusSso')}
                    {info.auth_methods.includes('oidc') && (
                      <div>
                        {u.sso_identity ? (
                          <RowButton label={t('users.unlinkLabel', { username: u.username })} onClick={() => void unlinkSso(u)}>
                            {t('users.unlink')}
                          </RowButton>
                        ) : (
                          <RowButton label={t('users.linkLabel', { username: u.username })} onClick={() => setLinking(u)}>
                            {t('users.link')}
                          </RowButton>
                        )}
                      </div>
                    )}
                  </td>
                  <td data-label={t('users.colLastLogin')}>
                    {u.last_login_at ? (
                      fmt.dateTime(toEpoch(u.last_login_at))
                    ) : (
                      <span className="muted">{t('common.never')}</span>
                    )}
                  </td>
                  <td data-label={t('common.status')}>
                    <Badge tone={active ? 'good' : 'bad'}>
                      {active ? t('users.statusActive') : t('users.statusDeactivated')}
                    </Badge>
                  </td>
                  <td className="row-actions">
                    <RowButton label={t('users.editLabel', { username: u.username })} onClick={() => setEditing(u)}>
                      {t('users.edit')}
                    </RowButton>
                    <RowButton label={t('users.resetPasswordLabel', { username: u.username })} onClick={() => setResetting(u)}>
                      {t('users.resetPassword')}
                    </RowButton>
                    {analyticsIds[u.id] ? (
                      <code className="analytics-id" title={t('users.analyticsTitle')}>
                        {analyticsIds[u.id]}
                      </code>
                    ) : (
                      <RowButton
                        label={t('users.analyticsLabel', { username: u.username })}
                        onClick={() => void showAnalyticsId(u)}
                      >
                        {t('users.analyticsId')}
                      </RowButton>
                    )}
                    {!self &&
                      (active ? (
                        <RowButton danger onClick={() => void deactivate(u)}>
                          {t('users.deactivate')}
                        </RowButton>
                      ) : (
                        <RowButton onClick={() => change(u, { active: true }, t('users.reactivated', { username: u.username }))}>
                          {t('users.reactivate')}
                        </RowButton>
                      ))}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={creating} title={t('users.new')} onClose={() => setCreating(false)}>
        {creating && <UserForm ssoAvailable={info.auth_methods.includes('oidc')} onDone={() => setCreating(false)} />}
      </Dialog>
      <Dialog
        open={editing !== null}
        title={t('users.editTitle', { username: editing?.username ?? '' })}
        onClose={() => setEditing(null)}
      >
        {editing && <UserEditForm key={editing.id} user={editing} onDone={() => setEditing(null)} />}
      </Dialog>
      <Dialog
        open={resetting !== null}
        title={t('users.resetPasswordTitle', { username: resetting?.username ?? '' })}
        onClose={() => setResetting(null)}
      >
        {resetting && <PasswordResetForm key={resetting.id} user={resetting} onDone={() => setResetting(null)} />}
      </Dialog>
      <Dialog
        open={linking !== null}
        title={t('users.linkTitle', { username: linking?.username ?? '' })}
        onClose={() => setLinking(null)}
      >
        {linking && <SsoLinkForm key={linking.id} user={linking} onDone={() => setLinking(null)} />}
      </Dialog>
      {confirmDialog}
    </>
  );
}
