// Clients: search, archive filter, create/edit (e-mail, default rate, notes), archive, delete.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Client } from '../api/types.js';
import {
  ArchivableRowActions,
  confirmDelete,
  FormActions,
  ListEmpty,
  ListFilters,
  ListStates,
  ListTable,
  matches,
  NewButton,
  useFormState,
  useListQuery,
} from '../components/crud.js';
import { toast } from '../components/toasts.js';
import { Badge, Dialog, Field, PageHeader, TextField } from '../components/ui.js';
import { invalidate } from '../lib/resource.js';
import { Link } from '../lib/router.js';
import { usePageTitle } from '../lib/title.js';
import { useClients, useProjects } from '../state/data.js';
import { useSession } from '../state/session.js';

export function ClientsPage() {
  usePageTitle('Clients');
  const { isAdmin } = useSession();
  const { clients, loading, error, reload, data } = useClients();
  const { projects } = useProjects();
  const { search, setSearch, status, onStatus } = useListQuery('active');
  const [editing, setEditing] = useState<Client | 'new' | null>(null);

  const visible = clients
    .filter((c) => (status === 'all' || c.status === status) && matches(c.name, search))
    .sort((a, b) => a.name.localeCompare(b.name));

  const remove = (c: Client) =>
    confirmDelete(c, {
      path: '/clients',
      what: 'client',
      question: `Delete the client “${c.name}”? This cannot be undone.`,
      invalidates: ['clients'],
    });

  return (
    <>
      <PageHeader title="Clients">{isAdmin && <NewButton onClick={() => setEditing('new')}>New client</NewButton>}</PageHeader>
      <ListFilters label="clients" search={search} onSearch={setSearch} status={status} onStatus={onStatus} />
      <ListStates
        error={error}
        retry={reload}
        loading={loading && !data}
        lines={4}
        empty={
          visible.length === 0 && (
            <ListEmpty
              none={clients.length === 0}
              title="No clients yet"
              noMatch="No client matches"
              action={isAdmin && <NewButton onClick={() => setEditing('new')}>Add your first client</NewButton>}
            >
              Clients are who you work for; their projects and rates roll up in reports.
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable columns={['Client', 'Projects', 'Default rate', 'Status']} actions={isAdmin}>
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
                      <ArchivableRowActions
                        item={c}
                        resource="clients"
                        onEdit={() => setEditing(c)}
                        onDelete={() => void remove(c)}
                      />
                    </td>
                  )}
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
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
  const { errors, formError, busy, validate, save } = useFormState();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the client a name.';
    if (email.trim() && !/^[^@\s]+@[^@\s]+$/.test(email.trim())) local.email = 'Enter an e-mail address.';
    if (rate.trim() && !/^\d{1,9}([.,]\d{1,2})?$/.test(rate.trim()))
      local.default_hourly_rate = 'Enter an amount such as 85 or 85.50.';
    if (!validate(local)) return;
    const body = {
      name: name.trim(),
      email: email.trim() || null,
      default_hourly_rate: rate.trim() ? rate.trim().replace(',', '.') : null,
      notes: notes.trim() || null,
    };
    await save(async () => {
      if (client) await api.patch(`/clients/${client.id}`, body);
      else await api.post('/clients', body);
      invalidate('clients');
      toast(client ? 'Client saved.' : `Client “${body.name}” created.`, { kind: 'success' });
      onDone();
    }, ['name', 'email', 'default_hourly_rate', 'notes']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label="Name" error={errors.name} value={name} onValue={setName} autoFocus required />
      <TextField label="E-mail" error={errors.email} type="email" value={email} onValue={setEmail} placeholder="optional" />
      <TextField
        label="Default hourly rate"
        error={errors.default_hourly_rate}
        hint="Used for projects without their own rate"
        value={rate}
        onValue={setRate}
        inputMode="decimal"
        placeholder="85.00"
      />
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />}
      </Field>
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? 'Saving…' : client ? 'Save client' : 'Create client'}
        onCancel={onDone}
      />
    </form>
  );
}
