// Clients: search, archive filter, create/edit (e-mail, default rate, notes, billing details), archive, delete. Administrators only
// may change them (API rules); everyone sees the list.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { clientBody } from '../../../shared/schemas/catalog.js';
import { api } from '../../api/client.js';
import { queries } from '../../api/queries.js';
import type { Client } from '../../api/types.js';
import { matches } from '../../components/crud.js';
import { Badge } from '../../components/ui.js';
import { Link } from '../../lib/router.js';
import { useProjects } from '../../state/data.js';
import { useFmt, useSession } from '../../state/session.js';
import { FormText, FormTextarea } from '../../components/form-fields.js';
import { checkedBy, moneyText } from './form-values.js';
import { clientInUse } from './in-use.js';
import { ListPage } from './ListPage.js';
import { billingBody, billingDefaults, BillingFields, billingForm } from './client-billing.js';
import type { CatalogSpec, FormContext, ListFilter } from './spec.js';

const clientForm = z.object({
  name: z.string(),
  email: z.string(),
  default_hourly_rate: z.string(),
  notes: z.string(),
  ...billingForm,
});
type ClientForm = z.infer<typeof clientForm>;

const toBody = (v: ClientForm) => ({
  name: v.name.trim(),
  email: v.email.trim() || null,
  default_hourly_rate: moneyText(v.default_hourly_rate),
  notes: v.notes.trim() || null,
  ...billingBody(v),
});

function useClientsView({ search, status }: ListFilter) {
  const { t } = useTranslation();
  const { isAdmin, info } = useSession();
  const fmt = useFmt();
  const items = useQuery(queries.clients());
  const { projects } = useProjects();
  const visible = (items.data ?? [])
    .filter((c) => (status === 'all' || c.status === status) && matches(c.name, search))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    texts: {
      title: t('nav.clients'),
      newItem: t('clients.new'),
      edit: t('clients.edit'),
      search: t('clients.search'),
      emptyTitle: t('clients.emptyTitle'),
      emptyBody: t('clients.emptyBody'),
      noMatch: t('clients.noMatch'),
      addFirst: t('clients.addFirst'),
      inUse: t('clients.inUse'),
      confirmDelete: (name: string) => t('clients.confirmDelete', { name }),
      created: (name: string) => t('clients.created', { name }),
      saved: t('clients.saved'),
      createSubmit: t('clients.createClient'),
      saveSubmit: t('clients.saveClient'),
    },
    items,
    visible,
    columns: [
      {
        header: t('common.client'),
        cell: (c: Client) => (
          <>
            <strong>{c.name}</strong>
            {c.email && <div className="muted small">{c.email}</div>}
          </>
        ),
      },
      {
        header: t('clients.colProjects'),
        cell: (c: Client) => {
          const count = projects.filter((p) => p.client_id === c.id).length;
          if (count === 0) return <span className="muted">{t('common.none')}</span>;
          return <Link to={`/projects?client_id=${c.id}&status=all`}>{t('clients.projectCount', { count })}</Link>;
        },
      },
      {
        header: t('clients.colRate'),
        cell: (c: Client) =>
          c.default_hourly_rate ? (
            t('common.perHour', { rate: fmt.money(c.default_hourly_rate, info.currency) })
          ) : (
            <span className="muted">—</span>
          ),
      },
      {
        header: t('common.status'),
        cell: (c: Client) => (
          <Badge tone={c.status === 'active' ? 'good' : 'neutral'}>
            {c.status === 'active' ? t('common.statusActive') : t('common.statusArchived')}
          </Badge>
        ),
      },
    ],
    canCreate: isAdmin,
    canEdit: () => isAdmin,
    canDelete: isAdmin,
    instead: { label: t('common.archive'), status: 'archived', said: (name: string) => t('list.archivedToast', { name }) },
    archivable: isAdmin,
    skeletonLines: 4,
  };
}

function ClientFields({ ctx }: { ctx: FormContext<Client> }) {
  const { t } = useTranslation();
  // Open when the client has billing details already; otherwise one click away.
  const open = (ctx.item?.address_lines.length ?? 0) > 0;
  const { currency } = useSession().info;
  return (
    <>
      <FormText name="name" label={t('common.name')} autoFocus required />
      <FormText name="email" label={t('common.email')} type="email" placeholder={t('common.optional')} />
      <FormText
        name="default_hourly_rate"
        label={t('clients.rate', { currency })}
        hint={t('clients.rateHint')}
        inputMode="decimal"
        placeholder={t('common.ratePlaceholder')}
      />
      <FormTextarea name="notes" label={t('common.notes')} rows={3} />
      <BillingFields open={open} />
    </>
  );
}

export const clientsSpec: CatalogSpec<Client, ClientForm, ReturnType<typeof toBody>> = {
  list: 'clients',
  defaultStatus: 'active',
  useView: useClientsView,
  form: {
    schema: () => checkedBy(clientForm, toBody, clientBody),
    toBody,
    useDefaults: ({ item }) => ({
      name: item?.name ?? '',
      email: item?.email ?? '',
      default_hourly_rate: item?.default_hourly_rate ?? '',
      notes: item?.notes ?? '',
      ...billingDefaults(item),
    }),
    Fields: ClientFields,
  },
  api: {
    create: (body) => api.post('/clients', { body }),
    update: (item, body) => api.patch('/clients/{id}', { params: { path: { id: item.id } }, body }),
    inUse: (item) => clientInUse(item.id),
    remove: (item) => api.delete('/clients/{id}', { params: { path: { id: item.id } } }),
    setStatus: (item, status) =>
      api.patch('/clients/{id}', { params: { path: { id: item.id } }, body: { status: status as Client['status'] } }),
  },
};

export function ClientsPage() {
  return <ListPage spec={clientsSpec} />;
}
