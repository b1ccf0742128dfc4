// Clients: search, archive filter, create/edit (e-mail, default rate, notes), archive, delete.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Client } from '../api/types.js';
import { deleteError, ListFilters, matches, splitError } from '../components/crud.js';
import { toast, toastError } from '../components/toasts.js';
import { Badge, Dialog, EmptyState, ErrorPanel, Field, FormError, PageHeader, Skeleton } from '../components/ui.js';
import { invalidate } from '../lib/resource.js';
import { Link, setQuery, useLocation } from '../lib/router.js';
import { usePageTitle } from '../lib/title.js';
import { useClients, useProjects } from '../state/data.js';
import { useSession } from '../state/session.js';

export function ClientsPage() {
  usePageTitle('Clients');
  const { isAdmin } = useSession();
  const { clients, loading, error, reload, data } = useClients();
  const { projects } = useProjects();
  const { query } = useLocation();
  const [search, setSearch] = useState('');
  const status = query.get('status') ?? 'active';
  const [editing, setEditing] = useState<Client | 'new' | null>(null);

  const visible = clients
    .filter((c) => (status === 'all' || c.status === status) && matches(c.name, search))
    .sort((a, b) => a.name.localeCompare(b.name));

  const setStatus = async (c: Client, next: 'active' | 'archived') => {
    try {
      await api.patch(`/clients/${c.id}`, { status: next });
      invalidate('clients');
      toast(next === 'archived' ? `“${c.name}” archived.` : `“${c.name}” is active again.`, { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };
  const remove = async (c: Client) => {
    if (!window.confirm(`Delete the client “${c.name}”? This cannot be undone.`)) return;
    try {
      await api.delete(`/clients/${c.id}`);
      invalidate('clients');
      toast(`“${c.name}” deleted.`, { kind: 'success' });
    } catch (e) {
      deleteError(e, 'client');
    }
  };

  return (
    <>
      <PageHeader title="Clients">
        {isAdmin && (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            New client
          </button>
        )}
      </PageHeader>
      <ListFilters
        label="clients"
        search={search}
        onSearch={setSearch}
        status={status}
        onStatus={(s) => setQuery({ status: s === 'active' ? null : s })}
      />
      {error ? (
        <ErrorPanel error={error} retry={reload} />
      ) : loading && !data ? (
        <section className="card">
          <Skeleton lines={4} />
        </section>
      ) : visible.length === 0 ? (
        <EmptyState
          title={clients.length === 0 ? 'No clients yet' : 'No client matches'}
          action={
            isAdmin && clients.length === 0 ? (
              <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
                Add your first client
              </button>
            ) : undefined
          }
        >
          {clients.length === 0
            ? 'Clients are who you work for; their projects and rates roll up in reports.'
            : 'Try another search or status.'}
        </EmptyState>
      ) : (
        <section className="card table-card">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Client</th>
                <th scope="col">Projects</th>
                <th scope="col">Default rate</th>
                <th scope="col">Status</th>
                {isAdmin && (
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {visible.map((c) => {
                const count = projects.filter((p) => p.client_id === c.id).length;
                return (
                  <tr key={c.id}>
                    <td data-label="Client">
                      <strong>{c.name}</strong>
                      {c.email && <div className="muted small">{c.email}</div>}
                    </td>
                    <td data-label="Projects">
                      {count > 0 ? (
                        <Link to={`/projects?client_id=${c.id}&status=all`}>
                          {count} {count === 1 ? 'project' : 'projects'}
                        </Link>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td data-label="Default rate">
                      {c.default_hourly_rate ? `${c.default_hourly_rate}/h` : <span className="muted">—</span>}
                    </td>
                    <td data-label="Status">
                      <Badge tone={c.status === 'active' ? 'good' : 'neutral'}>{c.status}</Badge>
                    </td>
                    {isAdmin && (
                      <td className="row-actions">
                        <button
                          type="button"
                          className="btn btn-ghost btn-small"
                          onClick={() => setEditing(c)}
                          aria-label={`Edit ${c.name}`}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost btn-small"
                          onClick={() => void setStatus(c, c.status === 'active' ? 'archived' : 'active')}
                          aria-label={`${c.status === 'active' ? 'Archive' : 'Unarchive'} ${c.name}`}
                        >
                          {c.status === 'active' ? 'Archive' : 'Unarchive'}
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost btn-small btn-danger-text"
                          onClick={() => void remove(c)}
                          aria-label={`Delete ${c.name}`}
                        >
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <Dialog open={editing !== null} title={editing === 'new' ? 'New client' : 'Edit client'} onClose={() => setEditing(null)}>
        {editing !== null && <ClientForm client={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </>
  );
}

function ClientForm({ client, onDone }: { client: Client | null; onDone: () => void }) {
  const [name, setName] = useState(client?.name ?? '');
  const [email, setEmail] = useState(client?.email ?? '');
  const [rate, setRate] = useState(client?.default_hourly_rate ?? '');
  const [notes, setNotes] = useState(client?.notes ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the client a name.';
    if (email.trim() && !/^[^@\s]+@[^@\s]+$/.test(email.trim())) local.email = 'Enter an e-mail address.';
    if (rate.trim() && !/^\d{1,9}([.,]\d{1,2})?$/.test(rate.trim()))
      local.default_hourly_rate = 'Enter an amount such as 85 or 85.50.';
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    const body = {
      name: name.trim(),
      email: email.trim() || null,
      default_hourly_rate: rate.trim() ? rate.trim().replace(',', '.') : null,
      notes: notes.trim() || null,
    };
    setBusy(true);
    try {
      if (client) await api.patch(`/clients/${client.id}`, body);
      else await api.post('/clients', body);
      invalidate('clients');
      toast(client ? 'Client saved.' : `Client “${body.name}” created.`, { kind: 'success' });
      onDone();
    } catch (error) {
      const split = splitError(error, ['name', 'email', 'default_hourly_rate', 'notes']);
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoFocus required />}
      </Field>
      <Field label="E-mail" error={errors.email}>
        {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="optional" />}
      </Field>
      <Field label="Default hourly rate" error={errors.default_hourly_rate} hint="Used for projects without their own rate">
        {(p) => <input {...p} value={rate} onChange={(e) => setRate(e.target.value)} inputMode="decimal" placeholder="85.00" />}
      </Field>
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />}
      </Field>
      <FormError message={formError} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : client ? 'Save client' : 'Create client'}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
