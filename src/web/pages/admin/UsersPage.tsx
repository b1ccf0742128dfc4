// Admin → Users: create users, change roles, link single sign-on identities, deactivate and reactivate.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fetchAll } from '../../api/client.js';
import type { User } from '../../api/types.js';
import {
  FormActions,
  ListFilters,
  ListStates,
  ListTable,
  matches,
  NewButton,
  RowButton,
  useFormState,
} from '../../components/crud.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, Dialog, EmptyState, Field, PageHeader, TextField } from '../../components/ui.js';
import { invalidate, useResource } from '../../lib/resource.js';
import { toEpoch } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt, useSession } from '../../state/session.js';

export function UsersPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.users'));
  const fmt = useFmt();
  const { user: me, info } = useSession();
  const users = useResource('admin:users', () => fetchAll('/users'));
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');

  const change = async (u: User, patch: Partial<Pick<User, 'role' | 'active'>>, message: string) => {
    try {
      await api.patch('/users/{id}', { params: { path: { id: u.id } }, body: patch });
      invalidate('admin:users');
      toast(message, { kind: 'success' });
    } catch (e) {
      toastError(e);
      invalidate('admin:users');
    }
  };

  // An SSO login refused with account_link_required is resolved here: the server log names the identity's subject.
  const linkSso = async (u: User) => {
    const subject = window.prompt(t('users.linkPrompt', { username: u.username }));
    if (!subject?.trim()) return;
    try {
      await api.put('/users/{id}/sso-identity', { params: { path: { id: u.id } }, body: { subject: subject.trim() } });
      invalidate('admin:users');
      toast(t('users.linked', { username: u.username }), { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };
  const unlinkSso = async (u: User) => {
    if (!window.confirm(t('users.unlinkConfirm', { username: u.username }))) return;
    try {
      await api.delete('/users/{id}/sso-identity', { params: { path: { id: u.id } } });
      invalidate('admin:users');
      toast(t('users.unlinked', { username: u.username }), { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
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
        retry={users.reload}
        loading={!users.data}
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
                        void change(
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
                          <RowButton label={t('users.linkLabel', { username: u.username })} onClick={() => void linkSso(u)}>
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
                        <RowButton
                          danger
                          onClick={() => {
                            if (window.confirm(t('users.deactivateConfirm', { username: u.username })))
                              void change(u, { active: false }, t('users.deactivated', { username: u.username }));
                          }}
                        >
                          {t('users.deactivate')}
                        </RowButton>
                      ) : (
                        <RowButton
                          onClick={() => void change(u, { active: true }, t('users.reactivated', { username: u.username }))}
                        >
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
    </>
  );
}

function UserForm({ ssoAvailable, onDone }: { ssoAvailable: boolean; onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const { errors, setErrors, formError, busy, validate, save } = useFormState();
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) local.username = t('common.usernameRule');
    if (password && password.length < 8) local.password = t('common.atLeast8');
    if (!password && !ssoAvailable) local.password = t('users.noPasswordNoSso');
    if (!validate(local)) return;
    await save(
      async () => {
        await api.post('/users', {
          body: {
            username,
            ...(password ? { password } : {}),
            full_name: fullName.trim() || null,
            email: email.trim() || null,
            role,
          },
        });
        invalidate('admin:users');
        toast(t('users.created', { username }), { kind: 'success' });
        onDone();
      },
      ['username', 'password', 'full_name', 'email', 'role'],
      (error) => {
        const code = error instanceof Error && 'code' in error ? (error as { code: string }).code : '';
        if (code === 'username_taken') setErrors({ username: t('users.usernameTaken') });
        else if (code === 'email_taken') setErrors({ email: t('users.emailTaken') });
        else return false;
        return true;
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField
        label={t('common.username')}
        error={errors.username}
        value={username}
        onValue={setUsername}
        autoComplete="off"
        autoFocus
      />
      <TextField
        label={t('common.password')}
        error={errors.password}
        hint={ssoAvailable ? t('users.ssoOnlyHint') : t('common.atLeast8')}
        type="password"
        value={password}
        onValue={setPassword}
        autoComplete="new-password"
      />
      <TextField label={t('common.fullName')} error={errors.full_name} value={fullName} onValue={setFullName} />
      <TextField label={t('common.email')} error={errors.email} type="email" value={email} onValue={setEmail} />
      <Field label={t('users.role')} error={errors.role}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value as 'user' | 'admin')}>
            <option value="user">{t('users.roleUserLong')}</option>
            <option value="admin">{t('users.roleAdminLong')}</option>
          </select>
        )}
      </Field>
      <FormActions error={formError} busy={busy} submit={busy ? t('common.creating') : t('users.create')} onCancel={onDone} />
    </form>
  );
}
