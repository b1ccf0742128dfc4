// Clients: search, archive filter, create/edit (e-mail, default rate, notes), archive, delete.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
import { useFmt, useSession } from '../state/session.js';

export function ClientsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.clients'));
  const { isAdmin } = useSession();
  const fmt = useFmt();
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
      inUse: t('clients.inUse'),
      question: t('clients.confirmDelete', { name: c.name }),
      invalidates: ['clients'],
    });

  return (
    <>
      <PageHeader title={t('nav.clients')}>
        {isAdmin && <NewButton onClick={() => setEditing('new')}>{t('clients.new')}</NewButton>}
      </PageHeader>
      <ListFilters label={t('clients.search')} search={search} onSearch={setSearch} status={status} onStatus={onStatus} />
      <ListStates
        error={error}
        retry={reload}
        loading={loading && !data}
        lines={4}
        empty={
          visible.length === 0 && (
            <ListEmpty
              none={clients.length === 0}
              title={t('clients.emptyTitle')}
              noMatch={t('clients.noMatch')}
              action={isAdmin && <NewButton onClick={() => setEditing('new')}>{t('clients.addFirst')}</NewButton>}
            >
              {t('clients.emptyBody')}
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable
            columns={[t('common.client'), t('clients.colProjects'), t('clients.colRate'), t('common.status')]}
            actions={isAdmin}
          >
            {visible.map((c) => {
              const count = projects.filter((p) => p.client_id === c.id).length;
              return (
                <tr key={c.id}>
                  <td data-label={t('common.client')}>
                    <strong>{c.name}</strong>
                    {c.email && <div className="muted small">{c.email}</div>}
                  </td>
                  <td data-label={t('clients.colProjects')}>
                    {count > 0 ? (
                      <Link to={`/projects?client_id=${c.id}&status=all`}>{t('clients.projectCount', { count })}</Link>
                    ) : (
                      <span className="muted">{t('common.none')}</span>
                    )}
                  </td>
                  <td data-label={t('clients.colRate')}>
                    {c.default_hourly_rate ? (
                      t('common.perHour', { rate: fmt.decimal(c.default_hourly_rate) })
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label={t('common.status')}>
                    <Badge tone={c.status === 'active' ? 'good' : 'neutral'}>
                      {c.status === 'active' ? t('common.statusActive') : t('common.statusArchived')}
                    </Badge>
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
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('clients.new') : t('clients.edit')}
        onClose={() => setEditing(null)}
      >
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
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('clients.nameRequired');
    if (email.trim() && !/^[^@\s]+@[^@\s]+$/.test(email.trim())) local.email = t('clients.emailInvalid');
    if (rate.trim() && !/^\d{1,9}([.,]\d{1,2})?$/.test(rate.trim())) local.default_hourly_rate = t('common.amountExample');
    if (!validate(local)) return;
    const body = {
      name: name.trim(),
      email: email.trim() || null,
      default_hourly_rate: rate.trim() ? rate.trim().replace(',', '.') : null,
      notes: notes.trim() || null,
    };
    await save(async () => {
      if (client) await api.patch('/clients/{id}', { params: { path: { id: client.id } }, body });
      else await api.post('/clients', { body });
      invalidate('clients');
      toast(client ? t('clients.saved') : t('clients.created', { name: body.name }), { kind: 'success' });
      onDone();
    }, ['name', 'email', 'default_hourly_rate', 'notes']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label={t('common.name')} error={errors.name} value={name} onValue={setName} autoFocus required />
      <TextField
        label={t('common.email')}
        error={errors.email}
        type="email"
        value={email}
        onValue={setEmail}
        placeholder={t('common.optional')}
      />
      <TextField
        label={t('clients.rate')}
        error={errors.default_hourly_rate}
        hint={t('clients.rateHint')}
        value={rate}
        onValue={setRate}
        inputMode="decimal"
        placeholder={t('common.ratePlaceholder')}
      />
      <Field label={t('common.notes')} error={errors.notes}>
        {(p) => <textarea {...p} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} />}
      </Field>
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? t('common.saving') : client ? t('clients.saveClient') : t('clients.createClient')}
        onCancel={onDone}
      />
    </form>
  );
}
