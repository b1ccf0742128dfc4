// Projects: search, archive filter, create/edit (client, colour, billable, rate, budget), archive, delete.
import { useState, type FormEvent } from 'react';
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
import { useSession } from '../state/session.js';

export function ProjectsPage() {
  usePageTitle('Projects');
  const { isAdmin } = useSession();
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
      what: 'project',
      question: `Delete the project “${p.name}”? This cannot be undone.`,
      invalidates: ['projects', 'tasks'],
    });

  return (
    <>
      <PageHeader title="Projects">{isAdmin && <NewButton onClick={() => setEditing('new')}>New project</NewButton>}</PageHeader>
      <ListFilters label="projects" search={search} onSearch={setSearch} status={status} onStatus={onStatus}>
        <div className="field">
          <label htmlFor="list-client">Client</label>
          <select id="list-client" value={clientFilter} onChange={(e) => setQuery({ client_id: e.target.value })}>
            <option value="">All clients</option>
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
              title="No projects yet"
              noMatch="No project matches"
              action={isAdmin && <NewButton onClick={() => setEditing('new')}>Create your first project</NewButton>}
            >
              Projects group your time. Give each a colour to spot it in charts.
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable columns={['Project', 'Client', 'Billing', 'Budget', 'Status']} actions={isAdmin}>
            {visible.map((p) => (
              <tr key={p.id}>
                <td data-label="Project">
                  <ColorDot color={projectColor(p)} /> <strong>{p.name}</strong>
                  {p.description && <div className="muted small">{p.description}</div>}
                </td>
                <td data-label="Client">
                  {p.client_id ? (clients.get(p.client_id)?.name ?? `#${p.client_id}`) : <span className="muted">—</span>}
                </td>
                <td data-label="Billing">
                  {p.billable ? (
                    <>Billable{p.hourly_rate ? ` · ${p.hourly_rate}/h` : ''}</>
                  ) : (
                    <span className="muted">Not billable</span>
                  )}
                </td>
                <td data-label="Budget">{p.budget_hours ? `${p.budget_hours} h` : <span className="muted">—</span>}</td>
                <td data-label="Status">
                  <Badge tone={p.status === 'active' ? 'good' : 'neutral'}>{p.status}</Badge>
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
      <Dialog open={editing !== null} title={editing === 'new' ? 'New project' : 'Edit project'} onClose={() => setEditing(null)}>
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Give the project a name.';
    if (rate.trim() && !/^\d{1,9}([.,]\d{1,2})?$/.test(rate.trim())) local.hourly_rate = 'Enter an amount such as 85 or 85.50.';
    if (budget.trim() && !(Number(budget) > 0)) local.budget_hours = 'Enter a number of hours.';
    if (!validate(local)) return;
    const body = {
      name: name.trim(),
      client_id: clientId ? Number(clientId) : null,
      description: description.trim() || null,
      billable,
      hourly_rate: rate.trim() ? rate.trim().replace(',', '.') : null,
      color,
      budget_hours: budget.trim() ? Number(budget) : null,
    };
    await save(async () => {
      if (project) await api.patch(`/projects/${project.id}`, body);
      else await api.post('/projects', body);
      invalidate('projects');
      toast(project ? 'Project saved.' : `Project “${body.name}” created.`, { kind: 'success' });
      onDone();
    }, ['name', 'client_id', 'description', 'hourly_rate', 'color', 'budget_hours']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <TextField label="Name" error={errors.name} value={name} onValue={setName} autoFocus required />
      <Field label="Client" error={errors.client_id}>
        {(p) => (
          <select {...p} value={clientId} onChange={(e) => setClientId(e.target.value)}>
            <option value="">No client</option>
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
        <legend>Colour</legend>
        <div className="swatches">
          {PROJECT_COLORS.map((c) => (
            <label key={c} className="swatch" style={{ background: c }}>
              <input
                type="radio"
                name="project-color"
                value={c}
                checked={color.toLowerCase() === c}
                onChange={() => setColor(c)}
                aria-label={`Colour ${c}`}
              />
            </label>
          ))}
          <label className="swatch-custom">
            <span className="sr-only">Custom colour</span>
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
        <label htmlFor="project-billable">Billable by default</label>
      </div>
      <div className="row">
        <TextField
          label="Hourly rate"
          error={errors.hourly_rate}
          hint="Leave empty to use the client's rate"
          value={rate}
          onValue={setRate}
          inputMode="decimal"
          placeholder="85.00"
        />
        <TextField
          label="Budget (hours)"
          error={errors.budget_hours}
          value={budget}
          onValue={setBudget}
          inputMode="decimal"
          placeholder="optional"
        />
      </div>
      <Field label="Description" error={errors.description}>
        {(p) => <textarea {...p} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />}
      </Field>
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? 'Saving…' : project ? 'Save project' : 'Create project'}
        onCancel={onDone}
      />
    </form>
  );
}
