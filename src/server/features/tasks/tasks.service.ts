// Task rules. Every user may create tasks and change their name and status (routes require `write:projects`
// for tokens); the estimate, moving a task to another project, and deleting are for administrators.
import type { AppContext } from '../../app-context.js';
import type { TaskRow } from '../../db/schema.js';
import { isForeignKeyViolation } from '../../db/db-errors.js';
import { conflict, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { decodeNameCursor, toNamePage } from '../clients/name-keyset.js';
import { findProject } from '../projects/projects.queries.js';
import {
  deleteTaskRow,
  findTask,
  insertTask,
  listTaskRows,
  taskHasTimeEntries,
  updateTask,
  type TaskStatus,
} from './tasks.queries.js';

export interface TaskInput {
  project_id: number;
  name: string;
  status?: TaskStatus;
  estimated_hours?: number | null;
}
export type TaskPatch = Partial<TaskInput>;

export interface TaskListInput {
  status?: TaskStatus;
  q?: string;
  project_id?: number;
  limit: number;
  cursor?: string;
}

const unknownProject = () => validationFailed({ project_id: 'does not exist' }, 'The project does not exist.');

export async function listTasks(ctx: AppContext, input: TaskListInput): Promise<{ rows: TaskRow[]; nextCursor: string | null }> {
  const after = decodeNameCursor(input.cursor);
  const rows = await listTaskRows(ctx.db, {
    status: input.status,
    q: input.q,
    project_id: input.project_id,
    limit: input.limit,
    after,
  });
  return toNamePage(rows, input.limit);
}

export async function getTask(ctx: AppContext, id: number): Promise<TaskRow> {
  const task = await findTask(ctx.db, id);
  if (!task) throw notFound('task');
  return task;
}

export async function createTask(ctx: AppContext, input: TaskInput): Promise<TaskRow> {
  const now = nowSeconds();
  let task: TaskRow;
  try {
    task = await ctx.db.transaction().execute(async (trx) => {
      if (!(await findProject(trx, input.project_id))) throw unknownProject();
      return insertTask(trx, {
        project_id: input.project_id,
        name: input.name,
        status: input.status ?? 'todo',
        estimated_hours: input.estimated_hours ?? null,
        created_at: now,
        updated_at: now,
      });
    });
  } catch (error) {
    // The project was deleted between the check and the insert.
    if (isForeignKeyViolation(error)) throw unknownProject();
    throw error;
  }
  track('task.created', { task_id: task.id, project_id: task.project_id });
  return task;
}

export async function changeTask(ctx: AppContext, principal: Principal, id: number, patch: TaskPatch): Promise<TaskRow> {
  if (!isAdmin(principal.user) && (patch.estimated_hours !== undefined || patch.project_id !== undefined)) {
    throw forbidden("Only administrators can change a task's estimate or move it to another project.");
  }
  let before: TaskRow;
  let after: TaskRow;
  try {
    [before, after] = await ctx.db.transaction().execute(async (trx) => {
      const current = await findTask(trx, id);
      if (!current) throw notFound('task');
      if (patch.project_id !== undefined && patch.project_id !== current.project_id) {
        if (!(await findProject(trx, patch.project_id))) throw unknownProject();
        // Entries name both the project and the task; moving the task would make them disagree.
        if (await taskHasTimeEntries(trx, id)) {
          throw conflict(
            'in_use',
            'The task has time entries and cannot move to another project. Create a new task there instead.',
          );
        }
      }
      const updated = await updateTask(trx, id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.estimated_hours !== undefined ? { estimated_hours: patch.estimated_hours } : {}),
        ...(patch.project_id !== undefined ? { project_id: patch.project_id } : {}),
        updated_at: nowSeconds(),
      });
      return [current, updated] as const;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw unknownProject();
    throw error;
  }
  if (before.status !== after.status) {
    track('task.status_changed', { task_id: id, old_status: before.status, new_status: after.status });
  }
  return after;
}

export async function deleteTask(ctx: AppContext, id: number): Promise<void> {
  const inUse = () => conflict('in_use', 'The task is used by time entries and cannot be deleted. Mark it done instead.');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await findTask(trx, id))) throw notFound('task');
      if (await taskHasTimeEntries(trx, id)) throw inUse();
      await deleteTaskRow(trx, id);
    });
  } catch (error) {
    // An entry created concurrently makes the database refuse the delete.
    if (isForeignKeyViolation(error)) throw inUse();
    throw error;
  }
}
