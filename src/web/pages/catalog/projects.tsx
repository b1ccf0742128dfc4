// Projects: search, archive and client filters, create/edit (client, colour, billable, rate, time and money budgets
// with an optional monthly reset), each budget's use as a bar, archive, delete (which takes the project's tasks). Administrators only may change them (API rules).
import { useQuery } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { projectBody } from '../../../shared/schemas/catalog.js';
import { api } from '../../api/client.js';
import { queries } from '../../api/queries.js';
import type { Project } from '../../api/types.js';
import { matches } from '../../components/crud.js';
import { BudgetMeter } from '../../components/BudgetMeter.js';
import { Badge, ColorDot } from '../../components/ui.js';
import { setQuery } from '../../lib/router.js';
import { PROJECT_COLORS, projectColor, useClients } from '../../state/data.js';
import { useFmt, useSession } from '../../state/session.js';
import { FormSelect, FormText, FormTextarea, useFieldError } from '../../components/form-fields.js';
import { checkedBy, hoursText, moneyText } from './form-values.js';
import { projectInUse } from './in-use.js';
import { ListPage } from './ListPage.js';
import type { CatalogSpec, ListFilter } from './spec.js';

const projectForm = z.object({
  name: z.string(),
  client_id: z.string(),
  description: z.string(),
  billable: z.boolean(),
  hourly_rate: z.string(),
  color: z.string(),
  budget_hours: z.string(),
  budget_amount: z.string(),
  budget_monthly: z.boolean(),
});
type ProjectForm = z.infer<typeof projectForm>;

const toBody = (v: ProjectForm) => ({
  name: v.name.trim(),
  client_id: v.client_id ? Number(v.client_id) : null,
  description: v.description.trim() || null,
  billable: v.billable,
  hourly_rate: moneyText(v.hourly_rate),
  color: v.color,
  budget_hours: hoursText(v.budget_hours),
  budget_amount: moneyText(v.budget_amount),
  budget_period: v.budget_monthly ? ('monthly' as const) : ('total' as const),
});

function useProjectsView({ search, status, query }: ListFilter) {
  const { t } = useTranslation();
  const { isAdmin, info } = useSession();
  const fmt = useFmt();
  const items = useQuery(queries.projects());
  const { byId: clients } = useClients();
  const clientFilter = query.get('client_id') ?? '';
  const clientName = (p: Project) => (p.client_id ? (clients.get(p.client_id)?.name ?? '') : '');
  const visible = (items.data ?? [])
    .filter((p) => (status === 'all' || p.status === status) && (!clientFilter || String(p.client_id ?? '') === clientFilter))
    .filter((p) => matches(`${p.name} ${clientName(p)}`, search))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    texts: {
      title: t('nav.projects'),
      newItem: t('projects.new'),
      edit: t('projects.edit'),
      search: t('projects.search'),
      emptyTitle: t('projects.emptyTitle'),
      emptyBody: t('projects.emptyBody'),
      noMatch: t('projects.noMatch'),
      addFirst: t('projects.createFirst'),
      inUse: t('projects.inUse'),
      confirmDelete: (name: string) => t('projects.confirmDelete', { name }),
      created: (name: string) => t('projects.created', { name }),
      saved: t('projects.saved'),
      createSubmit: t('projects.createProject'),
      saveSubmit: t('projects.saveProject'),
    },
    items,
    visible,
    filters: (
      <div className="field">
        <label htmlFor="list-client">{t('common.client')}</label>
        <select id="list-client" value={clientFilter} onChange={(e) => setQuery({ client_id: e.target.value })}>
          <option value="">{t('common.allClients')}</option>
          {[...clients.values()].map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    ),
    columns: [
      {
        header: t('common.project'),
        cell: (p: Project) => (
          <>
            <ColorDot color={projectColor(p)} /> <strong>{p.name}</strong>
            {p.description && <div className="muted small">{p.description}</div>}
          </>
        ),
      },
      {
        header: t('common.client'),
        cell: (p: Project) => (p.client_id ? clientName(p) || `#${p.client_id}` : <span className="muted">—</span>),
      },
      {
        header: t('projects.colBilling'),
        cell: (p: Project) => {
          if (!p.billable) return <span className="muted">{t('common.notBillable')}</span>;
          return p.hourly_rate
            ? t('projects.billableRate', { rate: fmt.money(p.hourly_rate, info.currency) })
            : t('common.billable');
        },
      },
      {
        header: t('projects.colBudget'),
        cell: (p: Project) => <BudgetMeter project={p} />,
      },
      {
        header: t('common.status'),
        cell: (p: Project) => (
          <Badge tone={p.status === 'active' ? 'good' : 'neutral'}>
            {p.status === 'active' ? t('common.statusActive') : t('common.statusArchived')}
          </Badge>
        ),
      },
    ],
    canCreate: isAdmin,
    canEdit: () => isAdmin,
    canDelete: isAdmin,
    instead: { label: t('common.archive'), status: 'archived', said: (name: string) => t('list.archivedToast', { name }) },
    archivable: isAdmin,
    skeletonLines: 5,
  };
}

function ColourField() {
  const { t } = useTranslation();
  const { register, watch, setValue } = useFormContext<ProjectForm>();
  const color = watch('color');
  const error = useFieldError('color');
  return (
    <fieldset className="colors">
      <legend>{t('projects.colour')}</legend>
      <div className="swatches">
        {PROJECT_COLORS.map((c) => (
          <label key={c} className="swatch" style={{ background: c }}>
            <input type="radio" value={c} {...register('color')} aria-label={t('projects.colourOf', { color: c })} />
          </label>
        ))}
        <label className="swatch-custom">
          <span className="sr-only">{t('projects.customColour')}</span>
          <input
            type="color"
            value={/^#[0-9a-f]{6}$/i.test(color) ? color : '#2563eb'}
            onChange={(e) => setValue('color', e.target.value, { shouldDirty: true })}
          />
        </label>
      </div>
      {error && <small className="field-error">{error}</small>}
    </fieldset>
  );
}

function ProjectFields() {
  const { t } = useTranslation();
  const { clients } = useClients();
  const { register, watch } = useFormContext<ProjectForm>();
  const { currency } = useSession().info;
  const clientId = watch('client_id');
  return (
    <>
      <FormText name="name" label={t('common.name')} autoFocus required />
      <FormSelect name="client_id" label={t('common.client')}>
        <option value="">{t('common.noClient')}</option>
        {clients
          .filter((c) => c.status === 'active' || String(c.id) === clientId)
          .map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
      </FormSelect>
      <ColourField />
      <div className="check">
        <input id="project-billable" type="checkbox" {...register('billable')} />
        <label htmlFor="project-billable">{t('projects.billableDefault')}</label>
      </div>
      <div className="row">
        <FormText
          name="hourly_rate"
          label={t('projects.rate', { currency })}
          hint={t('projects.rateHint')}
          inputMode="decimal"
          placeholder={t('common.ratePlaceholder')}
        />
      </div>
      <fieldset className="budget-fields">
        <legend>{t('budgets.title')}</legend>
        <div className="row">
          <FormText name="budget_hours" label={t('projects.budget')} inputMode="decimal" placeholder={t('common.optional')} />
          <FormText
            name="budget_amount"
            label={t('budgets.amount', { currency })}
            inputMode="decimal"
            placeholder={t('common.optional')}
          />
        </div>
        <div className="check">
          <input id="project-budget-monthly" type="checkbox" {...register('budget_monthly')} />
          <label htmlFor="project-budget-monthly">{t('budgets.monthly')}</label>
        </div>
      </fieldset>
      <FormTextarea name="description" label={t('projects.description')} rows={2} />
    </>
  );
}

function useProjectMessages() {
  const { t } = useTranslation();
  return { budget_hours: t('common.hoursNumber'), budget_amount: t('budgets.amountNumber') };
}

const randomColour = () => PROJECT_COLORS[Math.floor(Math.random() * PROJECT_COLORS.length)] ?? '#2563eb';

export const projectsSpec: CatalogSpec<Project, ProjectForm, ReturnType<typeof toBody>> = {
  list: 'projects',
  defaultStatus: 'active',
  deleteAlsoChanges: ['tasks'],
  useView: useProjectsView,
  form: {
    schema: () => checkedBy(projectForm, toBody, projectBody),
    toBody,
    useDefaults: ({ item }) => ({
      name: item?.name ?? '',
      client_id: item?.client_id ? String(item.client_id) : '',
      description: item?.description ?? '',
      billable: item?.billable ?? true,
      hourly_rate: item?.hourly_rate ?? '',
      color: item?.color ?? randomColour(),
      budget_hours: item?.budget_hours ? String(item.budget_hours) : '',
      budget_amount: item?.budget_amount ?? '',
      budget_monthly: item?.budget_period === 'monthly',
    }),
    useMessages: useProjectMessages,
    Fields: ProjectFields,
  },
  api: {
    create: (body) => api.post('/projects', { body }),
    update: (item, body) => api.patch('/projects/{id}', { params: { path: { id: item.id } }, body }),
    inUse: (item) => projectInUse(item.id),
    remove: (item) => api.delete('/projects/{id}', { params: { path: { id: item.id } } }),
    setStatus: (item, status) =>
      api.patch('/projects/{id}', { params: { path: { id: item.id } }, body: { status: status as Project['status'] } }),
  },
};

export function ProjectsPage() {
  return <ListPage spec={projectsSpec} />;
}
