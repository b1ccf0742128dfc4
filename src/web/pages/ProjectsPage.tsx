// Projects: search, archive filter, create/edit (client, colour, billable, rate, budget), archive, delete.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Project } from '../api/types.js';
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
import { Badge, ColorDot, Dialog, Field, PageHeader, TextField } from '../components/ui.js';
import { invalidate } from '../lib/resource.js';
import { setQuery } from '../lib/router.js';
import { usePageTitle } from '../lib/title.js';
import { PROJECT_COLORS, projectColor, useClients, useProjects } from '../state/data.js';
import { useFmt, useSession } from '../state/session.js';

export function ProjectsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.projects'));
  const { isAdmin } = useSession();
  const fmt = useFmt();
  const { projects, loading, error, reload, data } = useProjects();
  const { byId: clients } = useClients();
  const { query, search, setSearch, status, onStatus } = useListQuery('active');
  const clientFilter = query.get('client_id') ?? '';
  const [editing, setEditing] = useState<Project | 'new' | null>(null);

  const visible = projects
    .filter((p) => (status === 'all' || p.status === status) && (!clientFilter || String(p.client_id ?? '') === clientFilter))
    .filter((p) => matches(`${p.name} ${p.client_id ? (clients.get(p.client_id)?.name ?? '') : ''}`, search))
    .sort((a, b) => a.name.localeCompare(b.name));

  const remove = (p: Project) =>
    confirmDelete(p, {
      path: '/projects',
      inUse: t('projects.inUse'),
      question: t('projects.confirmDelete', { name: p.name }),
      invalidates: ['projects', 'tasks'],
    });

  return (
    <>
      <PageHeader title={t('nav.projects')}>
        {isAdmin && <NewButton onClick={() => setEditing('new')}>{t('projects.new')}</NewButton>}
      </PageHeader>
      <ListFilters label={t('projects.search')} search={search} onSearch={setSearch} status={status} onStatus={onStatus}>
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
      </ListFilters>
      <ListStates
        error={error}
        retry={reload}
        loading={loading && !data}
        lines={5}
        empty={
          visible.length === 0 && (
            <ListEmpty
              none={projects.length === 0}
              title={t('projects.emptyTitle')}
              noMatch={t('projects.noMatch')}
              action={isAdmin && <NewButton onClick={() => setEditing('new')}>{t('projects.createFirst')}</NewButton>}
            >
              {t('projects.emptyBody')}
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable
            columns={[
              t('common.project'),
              t('common.client'),
              t('projects.colBilling'),
              t('projects.colBudget'),
              t('common.status'),
            ]}
            actions={isAdmin}
          >
            {visible.map((p) => (
              <tr key={p.id}>
                <td data-label={t('common.project')}>
                  <ColorDot color={projectColor(p)} /> <strong>{p.name}</strong>
                  {p.description && <div className="muted small">{p.description}</div>}
                </td>
                <td data-label={t('common.client')}>
                  {p.client_id ? (clients.get(p.client_id)?.name ?? `#${p.client_id}`) : <span className="muted">—</span>}
                </td>
                <td data-label={t('projects.colBilling')}>
                  {p.billable ? (
                    p.hourly_rate ? (
                      t('projects.billableRate', { rate: fmt.decimal(p.hourly_rate) })
                    ) : (
                      t('common.billable')
                    )
                  ) : (
                    <span className="muted">{t('common.notBillable')}</span>
                  )}
                </td>
                <td data-label={t('projects.colBudget')}>
                  {p.budget_hours ? t('common.hours', { hours: fmt.decimal(p.budget_hours) }) : <span className="muted">—</span>}
                </td>
                <td data-label={t('common.status')}>
                  <Badge tone={p.status === 'active' ? 'good' : 'neutral'}>
                    {p.status === 'active' ? t('common.statusActive') : t('common.statusArchived')}
                  </Badge>
                </td>
                {isAdmin && (
                  <td className="row-actions">
                    <ArchivableRowActions
                      item={p}
                      resource="projects"
                      onEdit={() => setEditing(p)}
                      onDelete={() => void remove(p)}
                    />
                  </td>
                )}
              </tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('projects.new') : t('projects.edit')}
        onClose={() => setEditing(null)}
      >
        {editing !== null && <ProjectForm project={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </>
  );
}

function ProjectForm({ project, onDone }: { project: Project | null; onDone: () => void }) {
  const { clients } = useClients();
  const [name, setName] = useState(project?.name ?? '');
  const [clientId, setClientId] = useState(project?.client_id ? String(project.client_id) : '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [billable, setBillable] = useState(project?.billable ?? true);
  const [rate, setRate] = useState(project?.hourly_rate ?? '');
  const [color, setColor] = useState(
    project?.color ?? PROJECT_COLORS[Math.floor(Math.random() * PROJECT_COLORS.length)] ?? '#2563eb',
  );
  const [budget, setBudget] = useState(project?.budget_hours ? String(project.budget_hours) : '');
  const { errors, formError, busy, validate, save } = useFormState();
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = t('projects.nameRequired');
    if (rate.trim() && !/^\d{1,9}([.,]\d{1,2})?$/.test(rate.trim())) local.hourly_rate = t('common.amountExample');
    if (budget.trim() && !(Number(budget.replace(',', '.')) > 0)) local.budget_hours = t('common.hoursNumber');
    if (!validate(local)) return;
    const body = {
      name: name.trim(),
      client_id: clientId ? Number(clientId) : null,
      description: description.trim() || null,
      billable,
      hourly_rate: rate.trim() ? rate.trim().replace(',', '.') : null,
      color,
      budget_hours: budget.trim() ? Number(budget.replace(',', '.')) : null,
    };
    await save(async () => {
      if (project) await api.patch('/projects/{id}', { params: { path: { id: project.id } }, body });
      else await api.post('/projects', { body });
      invalidate('projects');
      toast(project ? t('projects.saved') : t('projects.created', { name: body.name }), { kind: 'success' });
      onDone();
    }, ['name', 'client_id', 'description', 'hourly_rate', 'color', 'budget_hours']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label={t('common.name')} error={errors.name} value={name} onValue={setName} autoFocus required />
      <Field label={t('common.client')} error={errors.client_id}>
        {(p) => (
          <select {...p} value={clientId} onChange={(e) => setClientId(e.target.value)}>
            <option value="">{t('common.noClient')}</option>
            {clients
              .filter((c) => c.status === 'active' || String(c.id) === clientId)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <fieldset className="colors">
        <legend>{t('projects.colour')}</legend>
        <div className="swatches">
          {PROJECT_COLORS.map((c) => (
            <label key={c} className="swatch" style={{ background: c }}>
              <input
                type="radio"
                name="project-color"
                value={c}
                checked={color.toLowerCase() === c}
                onChange={() => setColor(c)}
                aria-label={t('projects.colourOf', { color: c })}
              />
            </label>
          ))}
          <label className="swatch-custom">
            <span className="sr-only">{t('projects.customColour')}</span>
            <input
              type="color"
              value={/^#[0-9a-f]{6}$/i.test(color) ? color : '#2563eb'}
              onChange={(e) => setColor(e.target.value)}
            />
          </label>
        </div>
        {errors.color && <small className="field-error">{errors.color}</small>}
      </fieldset>
      <div className="check">
        <input id="project-billable" type="checkbox" checked={billable} onChange={(e) => setBillable(e.target.checked)} />
        <label htmlFor="project-billable">{t('projects.billableDefault')}</label>
      </div>
      <div className="row">
        <TextField
          label={t('projects.rate')}
          error={errors.hourly_rate}
          hint={t('projects.rateHint')}
          value={rate}
          onValue={setRate}
          inputMode="decimal"
          placeholder={t('common.ratePlaceholder')}
        />
        <TextField
          label={t('projects.budget')}
          error={errors.budget_hours}
          value={budget}
          onValue={setBudget}
          inputMode="decimal"
          placeholder={t('common.optional')}
        />
      </div>
      <Field label={t('projects.description')} error={errors.description}>
        {(p) => <textarea {...p} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />}
      </Field>
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? t('common.saving') : project ? t('projects.saveProject') : t('projects.createProject')}
        onCancel={onDone}
      />
    </form>
  );
}
