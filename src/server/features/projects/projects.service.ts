// Project rules: names unique per client, the client must exist and be active, deletion only without time
// entries, analytics. Who may call what is decided by the routes' auth requirements (reads: every user;
// writes: admins).
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB, ProjectRow } from '../../db/schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/db-errors.js';
import { conflict, notFound, validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { onboardingStep } from '../analytics/funnel.js';
import { track } from '../analytics/track.js';
import { findClient } from '../clients/clients.queries.js';
import { decodeNameCursor, toNamePage } from '../clients/name-keyset.js';
import {
  deleteProjectWithTasks,
  findProject,
  insertProject,
  listProjectRows,
  projectHasTimeEntries,
  projectNameTaken,
  spendOfProjects,
  updateProject,
  type ProjectStatus,
} from './projects.queries.js';
import { toProjectDto, type ProjectDto } from './project-dto.js';
import { budgetWindow, type BudgetPeriod } from './budget.js';

export interface ProjectInput {
  name: string;
  client_id?: number | null;
  description?: string | null;
  billable?: boolean;
  hourly_rate_cents?: number | null;
  color?: string | null;
  budget_hours?: number | null;
  budget_amount_cents?: number | null;
  budget_period?: BudgetPeriod;
  status?: ProjectStatus;
}
export type ProjectPatch = Partial<ProjectInput>;

export interface ProjectListInput {
  status?: ProjectStatus;
  q?: string;
  client_id?: number;
  limit: number;
  cursor?: string;
}

const nameTaken = (name: string, clientId: number | null) =>
  conflict(
    'name_taken',
    clientId === null
      ? `A project named "${name}" without a client already exists. Choose another name.`
      : `This client already has a project named "${name}". Choose another name.`,
  );

/** A project may only be put under an existing, active client. */
async function assertUsableClient(db: Kysely<DB>, clientId: number): Promise<void> {
  const client = await findClient(db, clientId);
  if (!client) throw validationFailed({ client_id: 'does not exist' }, 'The client does not exist.');
  if (client.status === 'archived') {
    throw conflict('client_archived', 'The client is archived. Unarchive it first or choose another client.');
  }
}

export async function listProjects(
  ctx: AppContext,
  input: ProjectListInput,
): Promise<{ rows: ProjectRow[]; nextCursor: string | null }> {
  const after = decodeNameCursor(input.cursor);
  const rows = await listProjectRows(ctx.db, {
    status: input.status,
    q: input.q,
    client_id: input.client_id,
    limit: input.limit,
    after,
  });
  return toNamePage(rows, input.limit);
}

/**
 * The projects as the API shows them, with what each has spent against its budget: one grouped query for all of
 * them. Monthly budgets count the current month of the instance's time zone (the same figure for every user).
 */
export async function describeProjects(ctx: AppContext, rows: ProjectRow[], now = nowSeconds()): Promise<ProjectDto[]> {
  const month = budgetWindow('monthly', now, ctx.config.TZ) as { from: number; to: number };
  const spend = await spendOfProjects(
    ctx.db,
    rows.map((r) => r.id),
    month,
  );
  return rows.map((row) => toProjectDto(row, spend.get(row.id)));
}

export async function describeProject(ctx: AppContext, row: ProjectRow): Promise<ProjectDto> {
  return (await describeProjects(ctx, [row]))[0] as ProjectDto;
}

export async function getProject(ctx: AppContext, id: number): Promise<ProjectRow> {
  const project = await findProject(ctx.db, id);
  if (!project) throw notFound('project');
  return project;
}

export async function createProject(ctx: AppContext, input: ProjectInput): Promise<ProjectRow> {
  const clientId = input.client_id ?? null;
  const nameLower = input.name.toLowerCase();
  const now = nowSeconds();
  let project: ProjectRow;
  try {
    project = await ctx.db.transaction().execute(async (trx) => {
      if (clientId !== null) await assertUsableClient(trx, clientId);
      if (await projectNameTaken(trx, clientId, nameLower)) throw nameTaken(input.name, clientId);
      return insertProject(trx, {
        name: input.name,
        name_lower: nameLower,
        client_id: clientId,
        description: input.description ?? null,
        billable: input.billable === false ? 0 : 1,
        hourly_rate_cents: input.hourly_rate_cents ?? null,
        color: input.color ?? null,
        budget_hours: input.budget_hours ?? null,
        budget_amount_cents: input.budget_amount_cents ?? null,
        budget_period: input.budget_period ?? 'total',
        status: input.status ?? 'active',
        created_at: now,
        updated_at: now,
      });
    });
  } catch (error) {
    // Concurrent creates of the same name pass the check above; the unique index stops the second.
    if (isUniqueViolation(error)) throw nameTaken(input.name, clientId);
    // The client was deleted between the check and the insert.
    if (isForeignKeyViolation(error)) throw validationFailed({ client_id: 'does not exist' }, 'The client does not exist.');
    throw error;
  }
  track('project.created', {
    project_id: project.id,
    has_client: project.client_id !== null,
    billable: project.billable === 1,
    has_budget: project.budget_hours !== null || project.budget_amount_cents !== null,
  });
  await onboardingStep(ctx, 'first_project_created');
  if (project.status === 'archived') track('project.archived', { project_id: project.id });
  return project;
}

export async function changeProject(ctx: AppContext, id: number, patch: ProjectPatch): Promise<ProjectRow> {
  let before: ProjectRow;
  let after: ProjectRow;
  // The name and client the project ends up with, for the name_taken message if the unique index fires.
  let target: { name: string; clientId: number | null } = { name: patch.name ?? '', clientId: patch.client_id ?? null };
  try {
    [before, after] = await ctx.db.transaction().execute(async (trx) => {
      const current = await findProject(trx, id);
      if (!current) throw notFound('project');
      const clientId = patch.client_id === undefined ? current.client_id : patch.client_id;
      if (clientId !== null && clientId !== current.client_id) await assertUsableClient(trx, clientId);
      const name = patch.name ?? current.name;
      target = { name, clientId };
      if (
        (patch.name !== undefined || clientId !== current.client_id) &&
        (await projectNameTaken(trx, clientId, name.toLowerCase(), id))
      ) {
        throw nameTaken(name, clientId);
      }
      const updated = await updateProject(trx, id, {
        ...(patch.name !== undefined ? { name: patch.name, name_lower: patch.name.toLowerCase() } : {}),
        ...(patch.client_id !== undefined ? { client_id: patch.client_id } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.billable !== undefined ? { billable: patch.billable ? 1 : 0 } : {}),
        ...(patch.hourly_rate_cents !== undefined ? { hourly_rate_cents: patch.hourly_rate_cents } : {}),
        ...(patch.color !== undefined ? { color: patch.color } : {}),
        ...(patch.budget_hours !== undefined ? { budget_hours: patch.budget_hours } : {}),
        ...(patch.budget_amount_cents !== undefined ? { budget_amount_cents: patch.budget_amount_cents } : {}),
        ...(patch.budget_period !== undefined ? { budget_period: patch.budget_period } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        updated_at: nowSeconds(),
      });
      return [current, updated] as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(target.name, target.clientId);
    if (isForeignKeyViolation(error)) throw validationFailed({ client_id: 'does not exist' }, 'The client does not exist.');
    throw error;
  }
  if (before.status !== after.status) {
    track(after.status === 'archived' ? 'project.archived' : 'project.unarchived', { project_id: id });
  }
  return after;
}

export async function deleteProject(ctx: AppContext, id: number): Promise<void> {
  const inUse = () => conflict('in_use', 'The project has time entries and cannot be deleted. Archive it instead.');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await findProject(trx, id))) throw notFound('project');
      if (await projectHasTimeEntries(trx, id)) throw inUse();
      await deleteProjectWithTasks(trx, id);
    });
  } catch (error) {
    // An entry created concurrently makes the database refuse the delete.
    if (isForeignKeyViolation(error)) throw inUse();
    throw error;
  }
  track('project.deleted', { project_id: id });
}
