// Admin → Users: create users, change roles, link single sign-on identities, deactivate and reactivate.
import { useState, type FormEvent } from 'react';
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
  usePageTitle('Users');
  const fmt = useFmt();
  const { user: me, info } = useSession();
  const users = useResource('admin:users', () => fetchAll<User>('/users'));
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');

  const change = async (u: User, patch: Partial<Pick<User, 'role' | 'active'>>, message: string) => {
    try {
      await api.patch<User>(`/users/${u.id}`, patch);
      invalidate('admin:users');
      toast(message, { kind: 'success' });
    } catch (e) {
      toastError(e);
      invalidate('admin:users');
    }
  };

  // An SSO login refused with account_link_required is resolved here: the server log names the identity's subject.
  const linkSso = async (u: User) => {
    const subject = window.prompt(
      `Link a single sign-on identity to ${u.username}. The provider's subject ("sub") of that person, as in the server log:`,
    );
    if (!subject?.trim()) return;
    try {
      await api.put<User>(`/users/${u.id}/sso-identity`, { subject: subject.trim() });
      invalidate('admin:users');
      toast(`SSO identity linked to ${u.username}.`, { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };
  const unlinkSso = async (u: User) => {
    if (!window.confirm(`Unlink the SSO identity of ${u.username}? Their SSO sessions end.`)) return;
    try {
      await api.delete(`/users/${u.id}/sso-identity`);
      invalidate('admin:users');
      toast(`SSO identity of ${u.username} unlinked.`, { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };

  // The pseudonymous distinct_id under which the user appears in PostHog (never their name).
  const [analyticsIds, setAnalyticsIds] = useState<Record<number, string>>({});
  const showAnalyticsId = async (u: User) => {
    try {
      const answer = await api.get<{ analytics_id: string; opted_out: boolean }>(`/admin/users/${u.id}/analytics-id`);
      setAnalyticsIds((ids) => ({ ...ids, [u.id]: `${answer.analytics_id}${answer.opted_out ? ' (opted out)' : ''}` }));
    } catch (e) {
      toastError(e);
    }
  };

  const list = (users.data ?? []).filter((u) => matches(`${u.username} ${u.full_name ?? ''} ${u.email ?? ''}`, search));
  return (
    <>
      <PageHeader title="Users" subtitle="Who can sign in, and who administers this installation.">
        <NewButton onClick={() => setCreating(true)}>New user</NewButton>
      </PageHeader>
      <ListFilters
        label="users"
        searchId="users-q"
        placeholder="Name, username or e-mail…"
        search={search}
        onSearch={setSearch}
      />
      <ListStates
        error={users.error}
        retry={users.reload}
        loading={!users.data}
        lines={4}
        empty={list.length === 0 && <EmptyState title="No user matches">Try another search.</EmptyState>}
      >
        {() => (
          <ListTable columns={['User', 'Role', 'Sign-in', 'Last login', 'Status']} actions>
            {list.map((u) => {
              const self = u.id === me?.id;
              const active = u.active !== false;
              return (
                <tr key={u.id} className={active ? '' : 'inactive'}>
                  <td data-label="User">
                    <strong>{u.username}</strong>
                    {self && <span className="muted small"> (you)</span>}
                    {(u.full_name || u.email) && (
                      <div className="muted small">
                        {[u.full_name, u.email && (u.email_verified ? u.email : `${u.email} (unverified)`)]
                          .filter(Boolean)
                          .join(' · ')}
                      </div>
                    )}
                  </td>
                  <td data-label="Role">
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.username}
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
                          `${u.username} is now ${e.target.value === 'admin' ? 'an admin' : 'a user'}.`,
                        )
                      }
                    >
                      <option value="user">User</option>
                      <option value="admin">Admin</option>
                    </select>
                  </td>
                  <td data-label="Sign-in">
                    {u.auth_method === 'oidc' ? 'SSO' : 'Password'}
                    {u.sso_identity && u.auth_method !== 'oidc' && ' + SSO'}
                    {info.auth_methods.includes('oidc') && (
                      <div>
                        {u.sso_identity ? (
                          <RowButton label={`Unlink the SSO identity of ${u.username}`} onClick={() => void unlinkSso(u)}>
                            Unlink SSO
                          </RowButton>
                        ) : (
                          <RowButton label={`Link an SSO identity to ${u.username}`} onClick={() => void linkSso(u)}>
                            Link SSO
                          </RowButton>
                        )}
                      </div>
                    )}
                  </td>
                  <td data-label="Last login">
                    {u.last_login_at ? fmt.dateTime(toEpoch(u.last_login_at)) : <span className="muted">never</span>}
                  </td>
                  <td data-label="Status">
                    <Badge tone={active ? 'good' : 'bad'}>{active ? 'active' : 'deactivated'}</Badge>
                  </td>
                  <td className="row-actions">
                    {analyticsIds[u.id] ? (
                      <code className="analytics-id" title="Pseudonymous id of this user in PostHog">
                        {analyticsIds[u.id]}
                      </code>
                    ) : (
                      <RowButton label={`Show the analytics id of ${u.username}`} onClick={() => void showAnalyticsId(u)}>
                        Analytics id
                      </RowButton>
                    )}
                    {!self &&
                      (active ? (
                        <RowButton
                          danger
                          onClick={() => {
                            if (
                              window.confirm(`Deactivate ${u.username}? They are signed out and their API tokens stop working.`)
                            )
                              void change(u, { active: false }, `${u.username} deactivated.`);
                          }}
                        >
                          Deactivate
                        </RowButton>
                      ) : (
                        <RowButton onClick={() => void change(u, { active: true }, `${u.username} reactivated.`)}>
                          Reactivate
                        </RowButton>
                      ))}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={creating} title="New user" onClose={() => setCreating(false)}>
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) local.username = 'Use 1–64 letters, digits or _ . @ -';
    if (password && password.length < 8) local.password = 'At least 8 characters.';
    if (!password && !ssoAvailable) local.password = 'Set a password (single sign-on is not enabled).';
    if (!validate(local)) return;
    await save(
      async () => {
        await api.post<User>('/users', {
          username,
          ...(password ? { password } : {}),
          full_name: fullName.trim() || null,
          email: email.trim() || null,
          role,
        });
        invalidate('admin:users');
        toast(`User ${username} created.`, { kind: 'success' });
        onDone();
      },
      ['username', 'password', 'full_name', 'email', 'role'],
      (error) => {
        const code = error instanceof Error && 'code' in error ? (error as { code: string }).code : '';
        if (code === 'username_taken') setErrors({ username: 'This username is taken.' });
        else if (code === 'email_taken') setErrors({ email: 'Another account has this address.' });
        else return false;
        return true;
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label="Username" error={errors.username} value={username} onValue={setUsername} autoComplete="off" autoFocus />
      <TextField
        label="Password"
        error={errors.password}
        hint={ssoAvailable ? 'Leave empty for a user who signs in only with SSO.' : 'At least 8 characters.'}
        type="password"
        value={password}
        onValue={setPassword}
        autoComplete="new-password"
      />
      <TextField label="Full name" error={errors.full_name} value={fullName} onValue={setFullName} />
      <TextField label="E-mail" error={errors.email} type="email" value={email} onValue={setEmail} />
      <Field label="Role" error={errors.role}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value as 'user' | 'admin')}>
            <option value="user">User — tracks their own time</option>
            <option value="admin">Admin — manages users, projects, clients and telemetry</option>
          </select>
        )}
      </Field>
      <FormActions error={formError} busy={busy} submit={busy ? 'Creating…' : 'Create user'} onCancel={onDone} />
    </form>
  );
}
