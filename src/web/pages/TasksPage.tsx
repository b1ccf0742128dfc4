// Tasks: per project, with status (to do / in progress / done). Everyone may create, rename and move a task
// through its statuses; estimates, moving to another project and deletion are for admins (API rules).
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import type { Task, TaskStatus } from '../api/types.js';
import {
  confirmDelete,
  FormActions,
  ListEmpty,
  ListFilters,
  ListStates,
  ListTable,
  matches,
  NewButton,
  RowButton,
  useFormState,
  useListQuery,
} from '../components/crud.js';
import { toast, toastError } from '../components/toasts.js';
import { ColorDot, Dialog, Field, PageHeader, TextField } from '../components/ui.js';
import { invalidate } from '../lib/resource.js';
import { setQuery } from '../lib/router.js';
import { usePageTitle } from '../lib/title.js';
import { projectColor, useProjects, useTasks } from '../state/data.js';
import { useSession } from '../state/session.js';

const STATUS_LABEL: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };

export function TasksPage() {
  usePageTitle('Tasks');
  const { isAdmin } = useSession();
  const { tasks, loading, error, reload, data } = useTasks();
  const { projects, byId: projectsById } = useProjects();
  const { query, search, setSearch, status, onStatus } = useListQuery('open');
  const projectFilter = query.get('project_id') ?? '';
  const [editing, setEditing] = useState<Task | 'new' | null>(null);

  const visible = tasks
    .filter((t) => (status === 'all' ? true : status === 'open' ? t.status !== 'done' : t.status === status))
    .filter((t) => !projectFilter || String(t.project_id) === projectFilter)
    .filter((t) => matches(`${t.name} ${projectsById.get(t.project_id)?.name ?? ''}`, search))
    .sort(
      (a, b) =>
        (projectsById.get(a.project_id)?.name ?? '').localeCompare(projectsById.get(b.project_id)?.name ?? '') ||
        a.name.localeCompare(b.name),
    );

  const changeStatus = async (t: Task, next: TaskStatus) => {
    try {
      await api.patch(`/tasks/${t.id}`, { status: next });
      invalidate('tasks');
      toast(`“${t.name}” is now ${STATUS_LABEL[next].toLowerCase()}.`, { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };
  const remove = (t: Task) =>
    confirmDelete(t, { path: '/tasks', what: 'task', question: `Delete the task “${t.name}”?`, invalidates: ['tasks'] });

  return (
    <>
      <PageHeader title="Tasks">
        <NewButton onClick={() => setEditing('new')} disabled={projects.length === 0}>
          New task
        </NewButton>
      </PageHeader>
      <ListFilters
        label="tasks"
        search={search}
        onSearch={setSearch}
        status={status}
        onStatus={onStatus}
        statusOptions={[
          ['open', 'Open'],
          ['todo', 'To do'],
          ['in_progress', 'In progress'],
          ['done', 'Done'],
          ['all', 'All'],
        ]}
      >
        <div className="field">
          <label htmlFor="list-project">Project</label>
          <select id="list-project" value={projectFilter} onChange={(e) => setQuery({ project_id: e.target.value })}>
            <option value="">All projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      </ListFilters>
      <ListStates
        error={error}
        retry={reload}
        loading={loading && !data}
        lines={4}
        empty={
          visible.length === 0 && (
            <ListEmpty
              none={tasks.length === 0}
              title="No tasks yet"
              noMatch="No task matches"
              action={projects.length > 0 && <NewButton onClick={() => setEditing('new')}>Add a task</NewButton>}
            >
              {projects.length === 0
                ? 'Tasks belong to projects: create a project first.'
                : 'Break projects into tasks to see where the time goes.'}
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable columns={['Task', 'Project', 'Estimate', 'Status']} actions>
            {visible.map((t) => {
              const p = projectsById.get(t.project_id);
              return (
                <tr key={t.id}>
                  <td data-label="Task">
                    <strong>{t.name}</strong>
                  </td>
                  <td data-label="Project">
                    <ColorDot color={projectColor(p)} /> {p?.name ?? `#${t.project_id}`}
                  </td>
                  <td data-label="Estimate">{t.estimated_hours ? `${t.estimated_hours} h` : <span className="muted">—</span>}</td>
                  <td data-label="Status">
                    <label className="sr-only" htmlFor={`task-status-${t.id}`}>
                      Status of {t.name}
                    </label>
                    <select
                      id={`task-status-${t.id}`}
                      value={t.status}
                      onChange={(e) => void changeStatus(t, e.target.value as TaskStatus)}
                      className="input-small"
                    >
                      {(Object.keys(STATUS_LABEL) as TaskStatus[]).map((s) => (
                        <option key={s} value={s}>
                          {STATUS_LABEL[s]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="row-actions">
                    <RowButton onClick={() => setEditing(t)} label={`Edit ${t.name}`}>
                      Edit
                    </RowButton>
                    {isAdmin && (
                      <RowButton danger onClick={() => void remove(t)} label={`Delete ${t.name}`}>
                        Delete
                      </RowButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={editing !== null} title={editing === 'new' ? 'New task' : 'Edit task'} onClose={() => setEditing(null)}>
        {editing !== null && (
          <TaskForm task={editing === 'new' ? null : editing} defaultProject={projectFilter} onDone={() => setEditing(null)} />
        )}
      </Dialog>
    </>
  );
}

function TaskForm({ task, defaultProject, onDone }: { task: Task | null; defaultProject: string; onDone: () => void }) {
  const { isAdmin } = useSession();
  const { projects } = useProjects();
  const [projectId, setProjectId] = useState(
    task ? String(task.project_id) : defaultProject || String(projects.find((p) => p.status === 'active')?.id ?? ''),
  );
  const [name, setName] = useState(task?.name ?? '');
  const [status, setStatus] = useState<TaskStatus>(task?.status ?? 'todo');
  const [estimate, setEstimate] = useState(task?.estimated_hours ? String(task.estimated_hours) : '');
  const { errors, formError, busy, validate, save } = useFormState();
  const canMove = !task || isAdmin;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!projectId) local.project_id = 'Choose a project.';
    if (!name.trim()) local.name = 'Give the task a name.';
    if (estimate.trim() && !(Number(estimate) > 0)) local.estimated_hours = 'Enter a number of hours.';
    if (!validate(local)) return;
    const body: Record<string, unknown> = { name: name.trim(), status };
    if (canMove && (!task || String(task.project_id) !== projectId)) body.project_id = Number(projectId);
    if (isAdmin) body.estimated_hours = estimate.trim() ? Number(estimate) : null;
    await save(async () => {
      if (task) await api.patch(`/tasks/${task.id}`, body);
      else await api.post('/tasks', body);
      invalidate('tasks');
      toast(task ? 'Task saved.' : `Task “${name.trim()}” created.`, { kind: 'success' });
      onDone();
    }, ['project_id', 'name', 'status', 'estimated_hours']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <Field label="Project" error={errors.project_id}>
        {(p) => (
          <select {...p} value={projectId} onChange={(e) => setProjectId(e.target.value)} disabled={!canMove}>
            <option value="">Choose…</option>
            {projects
              .filter((pr) => pr.status === 'active' || String(pr.id) === projectId)
              .map((pr) => (
                <option key={pr.id} value={pr.id}>
                  {pr.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <TextField label="Name" error={errors.name} value={name} onValue={setName} autoFocus required />
      <Field label="Status" error={errors.status}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)}>
            {(Object.keys(STATUS_LABEL) as TaskStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {isAdmin && (
        <TextField
          label="Estimate (hours)"
          error={errors.estimated_hours}
          value={estimate}
          onValue={setEstimate}
          inputMode="decimal"
          placeholder="optional"
        />
      )}
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? 'Saving…' : task ? 'Save task' : 'Create task'}
        onCancel={onDone}
      />
    </form>
  );
}
