// Tasks: per project, with status (to do / in progress / done). Everyone may create, rename and move a task
// through its statuses; estimates, moving to another project and deletion are for admins (API rules).
import { useQuery } from '@tanstack/react-query';
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { taskCreateBody, taskPatchBody, taskStatusSchema } from '../../../shared/schemas/catalog.js';
import { api, type ApiBody } from '../../api/client.js';
import { queries } from '../../api/queries.js';
import type { Task, TaskStatus } from '../../api/types.js';
import { matches } from '../../components/crud.js';
import { ColorDot } from '../../components/ui.js';
import { i18n } from '../../i18n/index.js';
import { setQuery } from '../../lib/router.js';
import { projectColor, useProjects } from '../../state/data.js';
import { useFmt, useSession } from '../../state/session.js';
import { FormSelect, FormText } from '../../components/form-fields.js';
import { checkedBy, hoursText } from './form-values.js';
import { taskInUse } from './in-use.js';
import { ListPage } from './ListPage.js';
import { useStatusChange } from './mutations.js';
import type { CatalogSpec, FormContext, ListFilter } from './spec.js';

const STATUSES: TaskStatus[] = ['todo', 'in_progress', 'done'];
const STATUS_KEY = { todo: 'tasks.todo', in_progress: 'tasks.in_progress', done: 'tasks.done' } as const;
const NOW_KEY = { todo: 'tasks.nowTodo', in_progress: 'tasks.nowInProgress', done: 'tasks.nowDone' } as const;

const taskForm = z.object({
  project_id: z.string(),
  name: z.string(),
  status: taskStatusSchema,
  estimated_hours: z.string(),
});
type TaskForm = z.infer<typeof taskForm>;
type TaskBody = ApiBody<'patch', '/tasks/{id}'>;

/** Moving a task to another project is for admins; a new task always names its project. */
const canMove = ({ item, isAdmin }: FormContext<Task>) => !item || isAdmin;

function toBody(v: TaskForm, ctx: FormContext<Task>): TaskBody {
  const body: TaskBody = { name: v.name.trim(), status: v.status };
  const projectId = v.project_id ? Number(v.project_id) : undefined;
  if (canMove(ctx) && (!ctx.item || ctx.item.project_id !== projectId)) body.project_id = projectId;
  if (ctx.isAdmin) body.estimated_hours = hoursText(v.estimated_hours);
  return body;
}

function useTasksView({ search, status, query }: ListFilter) {
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const fmt = useFmt();
  const items = useQuery(queries.tasks());
  const { projects, byId: projectsById } = useProjects();
  const changeStatus = useStatusChange<Task>('tasks', tasksSpec.api.setStatus, (task, next) =>
    i18n.t(NOW_KEY[next as TaskStatus], { name: task.name }),
  );
  const projectFilter = query.get('project_id') ?? '';
  const projectName = (task: Task) => projectsById.get(task.project_id)?.name ?? '';
  const visible = (items.data ?? [])
    .filter((task) => (status === 'all' ? true : status === 'open' ? task.status !== 'done' : task.status === status))
    .filter((task) => !projectFilter || String(task.project_id) === projectFilter)
    .filter((task) => matches(`${task.name} ${projectName(task)}`, search))
    .sort((a, b) => projectName(a).localeCompare(projectName(b)) || a.name.localeCompare(b.name));
  const noProjects = projects.length === 0;
  return {
    texts: {
      title: t('nav.tasks'),
      newItem: t('tasks.new'),
      edit: t('tasks.edit'),
      search: t('tasks.search'),
      emptyTitle: t('tasks.emptyTitle'),
      emptyBody: noProjects ? t('tasks.emptyNoProjects') : t('tasks.emptyBody'),
      noMatch: t('tasks.noMatch'),
      addFirst: t('tasks.addTask'),
      inUse: t('tasks.inUse'),
      confirmDelete: (name: string) => t('tasks.confirmDelete', { name }),
      created: (name: string) => t('tasks.created', { name }),
      saved: t('tasks.saved'),
      createSubmit: t('tasks.createTask'),
      saveSubmit: t('tasks.saveTask'),
    },
    items,
    visible,
    statusOptions: [
      ['open', t('tasks.open')],
      ['todo', t('tasks.todo')],
      ['in_progress', t('tasks.in_progress')],
      ['done', t('tasks.done')],
      ['all', t('common.all')],
    ] as [string, string][],
    filters: (
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
    ),
    columns: [
      { header: t('common.task'), cell: (task: Task) => <strong>{task.name}</strong> },
      {
        header: t('common.project'),
        cell: (task: Task) => (
          <>
            <ColorDot color={projectColor(projectsById.get(task.project_id))} />{' '}
            {projectName(task) || t('common.projectNumber', { id: String(task.project_id) })}
          </>
        ),
      },
      {
        header: t('tasks.colEstimate'),
        cell: (task: Task) =>
          task.estimated_hours ? (
            t('common.hours', { hours: fmt.decimal(task.estimated_hours) })
          ) : (
            <span className="muted">—</span>
          ),
      },
      {
        header: t('common.status'),
        cell: (task: Task) => (
          <>
            <label className="sr-only" htmlFor={`task-status-${task.id}`}>
              {t('tasks.statusOf', { name: task.name })}
            </label>
            <select
              id={`task-status-${task.id}`}
              value={task.status}
              onChange={(e) => changeStatus.mutate({ item: task, status: e.target.value })}
              className="input-small"
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(STATUS_KEY[s])}
                </option>
              ))}
            </select>
          </>
        ),
      },
    ],
    canCreate: !noProjects,
    canEdit: () => true,
    canDelete: isAdmin,
    instead: { label: t('list.markDone'), status: 'done', said: (name: string) => t('tasks.nowDone', { name }) },
    archivable: false,
    skeletonLines: 4,
  };
}

function TaskFields({ ctx }: { ctx: FormContext<Task> }) {
  const { t } = useTranslation();
  const { projects } = useProjects();
  const projectId = useFormContext<TaskForm>().watch('project_id');
  return (
    <>
      <FormSelect name="project_id" label={t('common.project')} disabled={!canMove(ctx)}>
        <option value="">{t('tasks.choose')}</option>
        {projects
          .filter((p) => p.status === 'active' || String(p.id) === projectId)
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </FormSelect>
      <FormText name="name" label={t('common.name')} autoFocus required />
      <FormSelect name="status" label={t('common.status')}>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(STATUS_KEY[s])}
          </option>
        ))}
      </FormSelect>
      {ctx.isAdmin && (
        <FormText name="estimated_hours" label={t('tasks.estimate')} inputMode="decimal" placeholder={t('common.optional')} />
      )}
    </>
  );
}

function useTaskDefaults({ item }: FormContext<Task>, query: URLSearchParams): TaskForm {
  const { projects } = useProjects();
  const firstActive = projects.find((p) => p.status === 'active')?.id;
  return {
    project_id: item ? String(item.project_id) : query.get('project_id') || (firstActive ? String(firstActive) : ''),
    name: item?.name ?? '',
    status: item?.status ?? 'todo',
    estimated_hours: item?.estimated_hours ? String(item.estimated_hours) : '',
  };
}

function useTaskMessages() {
  const { t } = useTranslation();
  return { project_id: t('common.chooseProject'), estimated_hours: t('common.hoursNumber') };
}

export const tasksSpec: CatalogSpec<Task, TaskForm, TaskBody> = {
  list: 'tasks',
  defaultStatus: 'open',
  useView: useTasksView,
  form: {
    schema: (ctx) => checkedBy(taskForm, (v) => toBody(v, ctx), ctx.item ? taskPatchBody : taskCreateBody),
    toBody,
    useDefaults: useTaskDefaults,
    useMessages: useTaskMessages,
    Fields: TaskFields,
  },
  api: {
    create: (body) => api.post('/tasks', { body: body as ApiBody<'post', '/tasks'> }),
    update: (item, body) => api.patch('/tasks/{id}', { params: { path: { id: item.id } }, body }),
    inUse: (item) => taskInUse(item.id),
    remove: (item) => api.delete('/tasks/{id}', { params: { path: { id: item.id } } }),
    setStatus: (item, status) =>
      api.patch('/tasks/{id}', { params: { path: { id: item.id } }, body: { status: status as TaskStatus } }),
  },
};

export function TasksPage() {
  return <ListPage spec={tasksSpec} />;
}
