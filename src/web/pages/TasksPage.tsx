// Tasks: per project, with status (to do / in progress / done). Everyone may create, rename and move a task
// through its statuses; estimates, moving to another project and deletion are for admins (API rules).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiBody } from '../api/client.js';
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
import { useFmt, useSession } from '../state/session.js';

const STATUSES: TaskStatus[] = ['todo', 'in_progress', 'done'];
const STATUS_KEY = { todo: 'tasks.todo', in_progress: 'tasks.in_progress', done: 'tasks.done' } as const;
const NOW_KEY = { todo: 'tasks.nowTodo', in_progress: 'tasks.nowInProgress', done: 'tasks.nowDone' } as const;

export function TasksPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.tasks'));
  const { isAdmin } = useSession();
  const fmt = useFmt();
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

  const changeStatus = async (task: Task, next: TaskStatus) => {
    try {
      await api.patch('/tasks/{id}', { params: { path: { id: task.id } }, body: { status: next } });
      invalidate('tasks');
      toast(t(NOW_KEY[next], { name: task.name }), { kind: 'success' });
    } catch (e) {
      toastError(e);
    }
  };
  const remove = (task: Task) =>
    confirmDelete(task, {
      path: '/tasks',
      inUse: t('tasks.inUse'),
      question: t('tasks.confirmDelete', { name: task.name }),
      invalidates: ['tasks'],
    });

  return (
    <>
      <PageHeader title={t('nav.tasks')}>
        <NewButton onClick={() => setEditing('new')} disabled={projects.length === 0}>
          {t('tasks.new')}
        </NewButton>
      </PageHeader>
      <ListFilters
        label={t('tasks.search')}
        search={search}
        onSearch={setSearch}
        status={status}
        onStatus={onStatus}
        statusOptions={[
          ['open', t('tasks.open')],
          ['todo', t('tasks.todo')],
          ['in_progress', t('tasks.in_progress')],
          ['done', t('tasks.done')],
          ['all', t('common.all')],
        ]}
      >
        <div className="field">
          <label htmlFor="list-project">{t('common.project')}</label>
          <select id="list-project" value={projectFilter} onChange={(e) => setQuery({ project_id: e.target.value })}>
            <option value="">{t('common.allProjects')}</option>
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
              title={t('tasks.emptyTitle')}
              noMatch={t('tasks.noMatch')}
              action={projects.length > 0 && <NewButton onClick={() => setEditing('new')}>{t('tasks.addTask')}</NewButton>}
            >
              {projects.length === 0 ? t('tasks.emptyNoProjects') : t('tasks.emptyBody')}
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable columns={[t('common.task'), t('common.project'), t('tasks.colEstimate'), t('common.status')]} actions>
            {visible.map((task) => {
              const p = projectsById.get(task.project_id);
              return (
                <tr key={task.id}>
                  <td data-label={t('common.task')}>
                    <strong>{task.name}</strong>
                  </td>
                  <td data-label={t('common.project')}>
                    <ColorDot color={projectColor(p)} /> {p?.name ?? t('common.projectNumber', { id: String(task.project_id) })}
                  </td>
                  <td data-label={t('tasks.colEstimate')}>
                    {task.estimated_hours ? (
                      t('common.hours', { hours: fmt.decimal(task.estimated_hours) })
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label={t('common.status')}>
                    <label className="sr-only" htmlFor={`task-status-${task.id}`}>
                      {t('tasks.statusOf', { name: task.name })}
                    </label>
                    <select
                      id={`task-status-${task.id}`}
                      value={task.status}
                      onChange={(e) => void changeStatus(task, e.target.value as TaskStatus)}
                      className="input-small"
                    >
                      {STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(STATUS_KEY[s])}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="row-actions">
                    <RowButton onClick={() => setEditing(task)} label={t('list.editName', { name: task.name })}>
                      {t('common.edit')}
                    </RowButton>
                    {isAdmin && (
                      <RowButton danger onClick={() => void remove(task)} label={t('list.deleteName', { name: task.name })}>
                        {t('common.delete')}
                      </RowButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListStates>
      <Dialog
        open={editing !== null}
        title={editing === 'new' ? t('tasks.new') : t('tasks.edit')}
        onClose={() => setEditing(null)}
      >
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
  const { t } = useTranslation();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!projectId) local.project_id = t('common.chooseProject');
    if (!name.trim()) local.name = t('tasks.nameRequired');
    if (estimate.trim() && !(Number(estimate.replace(',', '.')) > 0)) local.estimated_hours = t('common.hoursNumber');
    if (!validate(local)) return;
    const body: ApiBody<'patch', '/tasks/{id}'> = { name: name.trim(), status };
    if (canMove && (!task || String(task.project_id) !== projectId)) body.project_id = Number(projectId);
    if (isAdmin) body.estimated_hours = estimate.trim() ? Number(estimate.replace(',', '.')) : null;
    await save(async () => {
      if (task) await api.patch('/tasks/{id}', { params: { path: { id: task.id } }, body });
      else await api.post('/tasks', { body: { ...body, name: name.trim(), project_id: Number(projectId) } });
      invalidate('tasks');
      toast(task ? t('tasks.saved') : t('tasks.created', { name: name.trim() }), { kind: 'success' });
      onDone();
    }, ['project_id', 'name', 'status', 'estimated_hours']);
  };

  return (
    <form onSubmit={submit} noValidate className="stack">
      <Field label={t('common.project')} error={errors.project_id}>
        {(p) => (
          <select {...p} value={projectId} onChange={(e) => setProjectId(e.target.value)} disabled={!canMove}>
            <option value="">{t('tasks.choose')}</option>
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
      <TextField label={t('common.name')} error={errors.name} value={name} onValue={setName} autoFocus required />
      <Field label={t('common.status')} error={errors.status}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as TaskStatus)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEY[s])}
              </option>
            ))}
          </select>
        )}
      </Field>
      {isAdmin && (
        <TextField
          label={t('tasks.estimate')}
          error={errors.estimated_hours}
          value={estimate}
          onValue={setEstimate}
          inputMode="decimal"
          placeholder={t('common.optional')}
        />
      )}
      <FormActions
        error={formError}
        busy={busy}
        submit={busy ? t('common.saving') : task ? t('tasks.saveTask') : t('tasks.createTask')}
        onCancel={onDone}
      />
    </form>
  );
}
