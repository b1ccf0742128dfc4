// The importer's rules: whose entries are written, who may create clients/projects/tasks on the way, what
// counts as a duplicate, and all-or-nothing writing in one transaction. Used by the HTTP route and the CLI.
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { DB, UserRow } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { toApiTime } from '../../http/wire.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { entriesImported, publishLive } from '../live/publish.js';
import { ensureTags, normalizeTagNames } from '../time-entries/tags.queries.js';
import { lockUserEntries, overlapCandidates } from '../time-entries/time-entries.queries.js';
import { overlapErrors } from './import-overlaps.js';
import { resolveTimeZone } from '../reports/report-time-zone.js';
import {
  ImportFileError,
  parseImportFile,
  type DateOrder,
  type ImportFormat,
  type ImportRow,
  type RowError,
} from './import-formats.js';
import {
  clientsByName,
  ensureClient,
  ensureProject,
  entriesStartingBetween,
  insertEntries,
  insertTaskRow,
  linkNewEntryTags,
  projectsByName,
  tasksOfProjects,
} from './imports.queries.js';

/** Largest upload accepted (bytes), and most data rows per file. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 100_000;
/** Row errors listed in an answer; `error_count` has them all. */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportOptions {
  format?: ImportFormat;
  dryRun: boolean;
  /** Zone of local times in Toggl/Clockify files; default: the target user's. */
  timeZone?: string;
  dateOrder?: DateOrder;
}

export interface ImportTarget {
  user: UserRow;
  /** Missing clients, projects and tasks are created only for administrators; others get row errors. */
  mayCreateCatalog: boolean;
}

export interface ImportResult {
  source: ImportFormat;
  dry_run: boolean;
  /** Data rows in the file. */
  rows: number;
  imported: number;
  skipped: number;
  errors: RowError[];
  error_count: number;
  created: { clients: number; projects: number; tasks: number };
  /** The first rows as they will be stored (duplicates left out), so the user sees how times were read. */
  preview: PreviewRow[];
  /** Earliest start and latest end of the rows to import (null when none), to show them after importing. */
  period: { from: string; to: string } | null;
}

export interface PreviewRow {
  row: number;
  start_time: string;
  end_time: string;
  duration_seconds: number;
  break_seconds: number;
  client: string | null;
  project: string;
  task: string | null;
  notes: string | null;
  tags: string[];
  billable: boolean;
}

/** Rows the dry run shows as they will be stored. */
export const PREVIEW_ROWS = 10;

export type ImportProgress = (phase: 'checking' | 'writing', done: number, total: number) => void;

interface Plan {
  rows: Array<ImportRow & { projectRef: ProjectRef; taskName: string | null }>;
  errors: RowError[];
  skipped: number;
  newClients: Map<string, string>;
  newProjects: Map<string, { clientLower: string | null; clientName: string | null; name: string }>;
  newTasks: Map<string, { projectKey: string; name: string }>;
}

/** A project either known by id or to be created under a (known or new) client; `key` identifies it in the file. */
interface ProjectRef {
  key: string;
  id?: number;
  billable: boolean;
  taskId?: number;
}

const projectKey = (clientLower: string | null, nameLower: string) => `${clientLower ?? ''}\u0000${nameLower}`;
const dupKey = (project: string | number, start: number, end: number, notes: string | null) =>
  `${project}|${start}|${end}|${notes ?? ''}`;

/** Resolves every row against the catalog and the user's entries; writes nothing. */
async function plan(db: Kysely<DB>, target: ImportTarget, rows: ImportRow[], initialErrors: RowError[]): Promise<Plan> {
  const errors = [...initialErrors];
  const clientNames = [...new Set(rows.map((r) => r.client?.toLowerCase()).filter((n): n is string => n !== undefined))];
  const clients = new Map((await clientsByName(db, clientNames)).map((c) => [c.name_lower, c.id]));
  const projects = new Map(
    (await projectsByName(db, [...new Set(rows.map((r) => r.project.toLowerCase()))])).map((p) => [
      `${p.client_id ?? 0}|${p.name_lower}`,
      p,
    ]),
  );
  const newClients = new Map<string, string>();
  const newProjects: Plan['newProjects'] = new Map();
  const resolved: Array<ImportRow & { projectRef: ProjectRef }> = [];
  const refuse = (what: string) =>
    `${what} does not exist; only administrators can create clients, projects and tasks by importing (ask one to create it first)`;

  for (const row of rows) {
    const clientLower = row.client?.toLowerCase() ?? null;
    const nameLower = row.project.toLowerCase();
    const key = projectKey(clientLower, nameLower);
    const clientId: number | null | undefined = clientLower === null ? null : clients.get(clientLower);
    if (clientId === undefined) {
      if (!target.mayCreateCatalog) {
        errors.push({ row: row.row, message: refuse(`client "${row.client}"`) });
        continue;
      }
      if (!newClients.has(clientLower as string)) newClients.set(clientLower as string, row.client as string);
    }
    const existing = clientId === undefined ? undefined : projects.get(`${clientId ?? 0}|${nameLower}`);
    if (existing) {
      if (existing.status === 'archived') {
        errors.push({ row: row.row, message: `project "${row.project}" is archived; unarchive it to import entries into it` });
        continue;
      }
      resolved.push({ ...row, projectRef: { key, id: existing.id, billable: existing.billable === 1 } });
      continue;
    }
    if (!target.mayCreateCatalog) {
      errors.push({
        row: row.row,
        message: refuse(`project "${row.project}"${row.client ? ` of client "${row.client}"` : ' (without client)'}`),
      });
      continue;
    }
    if (!newProjects.has(key)) newProjects.set(key, { clientLower, clientName: row.client, name: row.project });
    resolved.push({ ...row, projectRef: { key, billable: true } });
  }

  // Tasks by name (case-insensitive) within their project.
  const knownProjectIds = [...new Set(resolved.map((r) => r.projectRef.id).filter((id): id is number => id !== undefined))];
  const tasks = new Map<string, number>();
  for (const t of await tasksOfProjects(db, knownProjectIds)) {
    const k = `${t.project_id}|${t.name.toLowerCase()}`;
    if (!tasks.has(k)) tasks.set(k, t.id);
  }
  const newTasks: Plan['newTasks'] = new Map();
  const withTasks: Plan['rows'] = [];
  for (const row of resolved) {
    if (row.task === null) {
      withTasks.push({ ...row, taskName: null });
      continue;
    }
    const taskId = row.projectRef.id === undefined ? undefined : tasks.get(`${row.projectRef.id}|${row.task.toLowerCase()}`);
    if (taskId !== undefined) {
      withTasks.push({ ...row, projectRef: { ...row.projectRef, taskId }, taskName: row.task });
      continue;
    }
    if (!target.mayCreateCatalog) {
      errors.push({ row: row.row, message: refuse(`task "${row.task}" of project "${row.project}"`) });
      continue;
    }
    const taskKey = `${row.projectRef.key}\u0000${row.task.toLowerCase()}`;
    if (!newTasks.has(taskKey)) newTasks.set(taskKey, { projectKey: row.projectRef.key, name: row.task });
    withTasks.push({ ...row, taskName: row.task });
  }

  // Exact duplicates (same user, project, start, end, notes) of existing entries or of earlier rows are skipped.
  let skipped = 0;
  const existing = new Set<string>();
  if (withTasks.length > 0) {
    const starts = withTasks.map((r) => r.start);
    const from = starts.reduce((a, b) => Math.min(a, b));
    const to = starts.reduce((a, b) => Math.max(a, b));
    for (const e of await entriesStartingBetween(db, target.user.id, from, to)) {
      if (e.end_time !== null) existing.add(dupKey(e.project_id, e.start_time, e.end_time, e.notes));
    }
  }
  const seen = new Set<string>();
  const fresh: Plan['rows'] = [];
  for (const row of withTasks) {
    const inFile = dupKey(row.projectRef.key, row.start, row.end, row.notes);
    if (
      seen.has(inFile) ||
      (row.projectRef.id !== undefined && existing.has(dupKey(row.projectRef.id, row.start, row.end, row.notes)))
    ) {
      skipped += 1;
      continue;
    }
    seen.add(inFile);
    fresh.push(row);
  }
  // The overlap rule of the API: a row may not overlap the user's entries (a running timer occupies everything
  // from its start on) nor another row. Such rows are errors, so nothing is imported until the file is fixed.
  if (fresh.length > 0) {
    const from = fresh.reduce((a, r) => Math.min(a, r.start), Number.POSITIVE_INFINITY);
    const to = fresh.reduce((a, r) => Math.max(a, r.end), Number.NEGATIVE_INFINITY);
    errors.push(...overlapErrors(fresh, await overlapCandidates(db, target.user.id, from, to)));
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows: fresh, errors, skipped, newClients, newProjects, newTasks };
}

interface Created {
  clients: number[];
  projects: { id: number; hasClient: boolean }[];
  tasks: { id: number; projectId: number }[];
}

/** Writes a plan without errors: catalog first, then tags, entries and their tag links. */
async function write(trx: Kysely<DB>, target: ImportTarget, p: Plan, progress?: ImportProgress): Promise<Created> {
  const now = nowSeconds();
  const created: Created = { clients: [], projects: [], tasks: [] };
  const clientIds = new Map<string, number>();
  for (const [lower, name] of p.newClients) {
    const id = await ensureClient(trx, name, now);
    clientIds.set(lower, id);
    created.clients.push(id);
  }
  const projectIds = new Map<string, number>();
  for (const [key, np] of p.newProjects) {
    let clientId: number | null = null;
    if (np.clientLower !== null) {
      clientId = clientIds.get(np.clientLower) ?? (await clientsByName(trx, [np.clientLower]))[0]?.id ?? null;
      if (clientId === null) throw new Error(`client "${np.clientName}" vanished during the import`);
    }
    const project = await ensureProject(trx, clientId, np.name, now);
    projectIds.set(key, project.id);
    if (project.created) created.projects.push({ id: project.id, hasClient: clientId !== null });
  }
  for (const r of p.rows) if (r.projectRef.id !== undefined) projectIds.set(r.projectRef.key, r.projectRef.id);
  const taskIds = new Map<string, number>();
  for (const [key, nt] of p.newTasks) {
    const projectId = projectIds.get(nt.projectKey);
    if (projectId === undefined) continue;
    const id = await insertTaskRow(trx, projectId, nt.name, now);
    taskIds.set(key, id);
    created.tasks.push({ id, projectId });
  }

  const tagIds = await ensureTags(
    trx,
    target.user.id,
    p.rows.flatMap((r) => r.tags),
  );
  const values = p.rows.map((r) => {
    const projectId = r.projectRef.id ?? (projectIds.get(r.projectRef.key) as number);
    const taskId =
      r.taskName === null
        ? null
        : (r.projectRef.taskId ?? taskIds.get(`${r.projectRef.key}\u0000${r.taskName.toLowerCase()}`) ?? null);
    return {
      user_id: target.user.id,
      project_id: projectId,
      task_id: taskId,
      start_time: r.start,
      end_time: r.end,
      duration_seconds: r.duration,
      break_seconds: r.breakSeconds,
      paused_at: null,
      notes: r.notes,
      billable: (r.billable ?? r.projectRef.billable) ? (1 as const) : (0 as const),
      source: 'import' as const,
      created_at: now,
      updated_at: now,
    };
  });
  const tagsByKey = new Map(p.rows.map((r, i) => [dupKey(values[i]!.project_id, r.start, r.end, r.notes), r.tags]));
  const inserted = await insertEntries(trx, values, (done) => progress?.('writing', done, values.length));
  const links: { time_entry_id: number; tag_id: number }[] = [];
  for (const e of inserted) {
    const names = tagsByKey.get(dupKey(e.project_id, e.start_time, e.end_time as number, e.notes)) ?? [];
    for (const t of normalizeTagNames(names)) {
      const tagId = tagIds.get(t.lower);
      if (tagId !== undefined) links.push({ time_entry_id: e.id, tag_id: tagId });
    }
  }
  await linkNewEntryTags(trx, links);
  return created;
}

/**
 * Imports a CSV file into `target.user`'s entries. A dry run answers what a real run would (nothing is
 * written); a real run writes everything or, when any row has an error, nothing.
 */
export async function importEntries(
  db: Kysely<DB>,
  target: ImportTarget,
  content: Buffer | string,
  options: ImportOptions,
  progress?: ImportProgress,
): Promise<ImportResult> {
  const timeZone = options.timeZone ?? target.user.timezone;
  let parsed;
  try {
    parsed = parseImportFile(content, {
      format: options.format,
      timeZone,
      dateOrder: options.dateOrder,
      maxRows: IMPORT_MAX_ROWS,
      now: nowSeconds(),
    });
  } catch (error) {
    if (error instanceof ImportFileError)
      throw new AppError(error.code === 'too_many_rows' ? 413 : 400, error.code, error.message);
    throw error;
  }
  progress?.('checking', parsed.total, parsed.total);
  const summarize = (p: Plan, imported: number): ImportResult => ({
    source: parsed.format,
    dry_run: options.dryRun,
    rows: parsed.total,
    imported,
    skipped: parsed.skipped + p.skipped,
    errors: p.errors.slice(0, MAX_LISTED_ERRORS),
    error_count: p.errors.length,
    created:
      p.errors.length > 0
        ? { clients: 0, projects: 0, tasks: 0 }
        : { clients: p.newClients.size, projects: p.newProjects.size, tasks: p.newTasks.size },
    preview: p.errors.length > 0 ? [] : p.rows.slice(0, PREVIEW_ROWS).map(previewOf),
    period: p.errors.length > 0 || p.rows.length === 0 ? null : periodOf(p.rows),
  });

  if (options.dryRun) {
    const p = await plan(db, target, parsed.rows, parsed.errors);
    return summarize(p, p.errors.length > 0 ? 0 : p.rows.length);
  }
  const outcome = await db.transaction().execute(async (trx) => {
    // One import per user at a time (PostgreSQL; SQLite serialises writers anyway), so duplicates are exact.
    await lockUserEntries(trx, target.user.id);
    const p = await plan(trx, target, parsed.rows, parsed.errors);
    if (p.errors.length > 0) return { p, created: undefined };
    return { p, created: await write(trx, target, p, progress) };
  });
  const result = summarize(outcome.p, outcome.created ? outcome.p.rows.length : 0);
  if (outcome.created) {
    for (const id of outcome.created.clients) track('client.created', { client_id: id });
    for (const p of outcome.created.projects)
      track('project.created', { project_id: p.id, has_client: p.hasClient, billable: true, has_budget: false });
    for (const t of outcome.created.tasks) track('task.created', { task_id: t.id, project_id: t.projectId });
  }
  return result;
}

export interface ImportRequest extends ImportOptions {
  /** Admins only: import into another user's entries. */
  userId?: number;
}

/** POST /imports/time-entries: the target user (self, or any user for admins), the import, `import.completed`. */
export async function importForRequest(
  ctx: AppContext,
  principal: Principal,
  content: Buffer,
  request: ImportRequest,
): Promise<ImportResult> {
  let user = principal.user;
  if (request.userId !== undefined && request.userId !== principal.user.id) {
    if (!isAdmin(principal.user))
      throw new AppError(403, 'forbidden', "Only administrators can import into other users' time entries.");
    const other = await ctx.db.selectFrom('users').selectAll().where('id', '=', request.userId).executeTakeFirst();
    if (!other) throw notFound('user');
    user = other;
  }
  if (request.timeZone !== undefined) resolveTimeZone(request.timeZone, principal);
  const result = await importEntries(ctx.db, { user, mayCreateCatalog: isAdmin(principal.user) }, content, request);
  if (!request.dryRun) track('import.completed', { source: result.source, rows: result.rows, errors: result.error_count });
  if (!request.dryRun && result.imported > 0) await publishLive(ctx, user.id, entriesImported());
  return result;
}

function previewOf(r: Plan['rows'][number]): PreviewRow {
  return {
    row: r.row,
    start_time: toApiTime(r.start),
    end_time: toApiTime(r.end),
    duration_seconds: r.duration,
    break_seconds: r.breakSeconds,
    client: r.client,
    project: r.project,
    task: r.task,
    notes: r.notes,
    tags: r.tags,
    billable: r.billable ?? r.projectRef.billable,
  };
}

function periodOf(rows: Plan['rows']): { from: string; to: string } {
  let from = Infinity;
  let to = -Infinity;
  for (const r of rows) {
    if (r.start < from) from = r.start;
    if (r.end > to) to = r.end;
  }
  return { from: toApiTime(from), to: toApiTime(to) };
}
