// Keyset-paged reads of the entries an export contains: the shared entry filters, in the list's order
// (start_time desc, id desc), with the names an export shows. One page at a time, so memory stays flat.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BulkReader } from '../../db/bulk-reader.js';
import { entryFilterCondition, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import { Col, pageQueryAfter, toColumns, type ExportPage, type PageQuery, type PageRow } from './export-page.js';
import { boundLimit } from '../../db/limits.js';

export { pageEnd, pageSpan, type ExportPage } from './export-page.js';

export interface ExportSelection {
  filters: EntryFilters;
  scope: UserScope;
  /** No selected entry starts before this (see reports/entry-scan.ts); undefined when `from` is not set. */
  earliestStart?: number;
}

function selected(db: Kysely<DB>, s: ExportSelection) {
  let query = keptEntries(db).where((eb) => entryFilterCondition(eb, s.filters, s.scope));
  if (s.earliestStart !== undefined) query = query.where('time_entries.start_time', '>=', s.earliestStart);
  return query;
}

/** The entry columns an export reads, in this order; pages come back as arrays (see db/bulk-reader.ts). */
const PAGE_COLUMNS = [
  'id',
  'user_id',
  'project_id',
  'task_id',
  'start_time',
  'end_time',
  'duration_seconds',
  'break_seconds',
  'notes',
  'billable',
] as const;
const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

export interface ExportReader {
  db: Kysely<DB>;
  bulk: BulkReader;
}

/** Stand-ins for the keyset while compiling: no filter value is a fraction, so they are found unambiguously. */
const KEYSET_START = -0.25;
const KEYSET_ID = -0.75;

/**
 * The query of the `limit` entries after a keyset ([start_time, id] of the previous page's last entry), joined
 * with their tag links: consecutive rows of one entry, one per tag. One statement per page on both
 * databases (a separate `IN (…5,000 ids)` lookup of the links made PostgreSQL scan the whole link table).
 * Only ids besides the entry columns: ExportCatalog reads each user/project/client/task/tag name once per
 * export instead of joining five tables for every one of a million rows. Compiled once per export (also for
 * a reader thread, which has no query builder); `db` only compiles.
 */
export function pageQuery(db: Kysely<DB>, s: ExportSelection, limit: number): PageQuery {
  const compiled = compilePage(db, s, [KEYSET_START, KEYSET_ID], limit);
  const keyset: [number, number] = [compiled.parameters.indexOf(KEYSET_START), compiled.parameters.indexOf(KEYSET_ID)];
  if (keyset[0] < 0 || keyset[1] < 0) throw new Error('export page query: keyset parameters not found');
  return { sql: compiled.sql, parameters: compiled.parameters, keyset };
}

function compilePage(db: Kysely<DB>, s: ExportSelection, after: [number, number] | undefined, limit: number) {
  // After a page, `start_time < to` is implied by the keyset (the previous page's entries met it) and left
  // out: as a second upper bound on start_time it made SQLite walk the index from `to` down past every page
  // already read, so that page k cost k pages (quadratic over an export; 1M rows took twice the CPU per row).
  const scoped = after && s.filters.to !== undefined ? { ...s, filters: { ...s.filters, to: undefined } } : s;
  let entries = selected(db, scoped).select(PAGE_COLUMNS.map((c) => `time_entries.${c}` as const));
  if (after) {
    entries = entries.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(after[0], after[1])),
    );
  }
  const page = entries.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(boundLimit(limit));
  return db
    .selectFrom(page.as('e'))
    .leftJoin('time_entry_tags as l', 'l.time_entry_id', 'e.id')
    .select([...PAGE_COLUMNS.map((c) => `e.${c}` as const), 'l.tag_id'])
    .orderBy('e.start_time', 'desc')
    .orderBy('e.id', 'desc')
    .compile();
}

/** A page of the export: the first (no `after`) or the one after the keyset `after`. */
export async function exportPage(
  { db, bulk }: ExportReader,
  s: ExportSelection,
  after: [number, number] | undefined,
  limit: number,
): Promise<ExportPage> {
  const query = after ? pageQueryAfter(pageQuery(db, s, limit), after) : compilePage(db, s, undefined, limit);
  return toColumns((await bulk.rows(query)) as PageRow[]);
}

/** An entry with the names, tags and the rate an export shows. */
export interface ExportEntryRow {
  id: number;
  start_time: number;
  end_time: number | null;
  duration_seconds: number | null;
  break_seconds: number;
  notes: string | null;
  billable: 0 | 1;
  username: string;
  client_name: string | null;
  project_name: string;
  task_name: string | null;
  /** Tag names, sorted case-insensitively. */
  tags: readonly string[];
  /** The project's hourly rate, else the client's default rate (cents), else null. */
  rate_cents: number | null;
}

const NAME_CHUNK = 500;
const NO_TAGS: readonly string[] = [];

function chunks(ids: Set<number>): number[][] {
  const all = [...ids];
  const out: number[][] = [];
  for (let i = 0; i < all.length; i += NAME_CHUNK) out.push(all.slice(i, i + NAME_CHUNK));
  return out;
}

/** The order of tagsForEntries (tags.queries.ts): by lower-case name, compared by code unit. */
const byLowerCase = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Names of users, projects, clients, tasks and tags, each read once per export (at most the number of
 * such rows in the database, whatever the number of entries).
 */
export class ExportCatalog {
  private readonly users = new Map<number, string>();
  private readonly projects = new Map<number, { name: string; client_id: number | null; rate: number | null }>();
  private readonly clients = new Map<number, { name: string; rate: number | null }>();
  private readonly tasks = new Map<number, string>();
  private readonly tags = new Map<number, string>();

  constructor(private readonly reader: ExportReader) {}

  /** The page's entries (rows of one entry are consecutive) with their names and tags. */
  async resolve(page: ExportPage): Promise<ExportEntryRow[]> {
    await this.load(page);
    const { rows, numbers, notes } = page;
    const out: ExportEntryRow[] = [];
    let previous: ExportEntryRow | undefined;
    for (let i = 0; i < rows; i++) {
      const at = i * Col.Count;
      const id = numbers[at + Col.Id]!;
      const tagId = numbers[at + Col.Tag]!;
      const tag = Number.isNaN(tagId) ? undefined : this.tags.get(tagId);
      if (previous?.id === id) {
        if (tag !== undefined) previous.tags = [...previous.tags, tag].sort(byLowerCase);
        continue;
      }
      const project = this.projects.get(numbers[at + Col.Project]!);
      const client = project?.client_id == null ? undefined : this.clients.get(project.client_id);
      const taskId = numbers[at + Col.Task]!;
      previous = {
        id,
        start_time: numbers[at + Col.Start]!,
        end_time: nullIfNaN(numbers[at + Col.End]!),
        duration_seconds: nullIfNaN(numbers[at + Col.Duration]!),
        break_seconds: numbers[at + Col.Break]!,
        notes: notes[i] ?? null,
        billable: numbers[at + Col.Billable] === 1 ? 1 : 0,
        username: this.users.get(numbers[at + Col.User]!) ?? '',
        project_name: project?.name ?? '',
        client_name: client?.name ?? null,
        task_name: Number.isNaN(taskId) ? null : (this.tasks.get(taskId) ?? null),
        tags: tag === undefined ? NO_TAGS : [tag],
        rate_cents: project?.rate ?? client?.rate ?? null,
      };
      out.push(previous);
    }
    return out;
  }

  private async load(page: ExportPage): Promise<void> {
    const { db } = this.reader;
    const users = new Set<number>();
    const projects = new Set<number>();
    const tasks = new Set<number>();
    const tags = new Set<number>();
    const { rows, numbers } = page;
    const missing = (known: Map<number, unknown>, into: Set<number>, id: number) => {
      if (!Number.isNaN(id) && !known.has(id)) into.add(id);
    };
    for (let at = 0; at < rows * Col.Count; at += Col.Count) {
      missing(this.users, users, numbers[at + Col.User]!);
      missing(this.projects, projects, numbers[at + Col.Project]!);
      missing(this.tasks, tasks, numbers[at + Col.Task]!);
      missing(this.tags, tags, numbers[at + Col.Tag]!);
    }
    for (const part of chunks(users)) {
      for (const u of await db.selectFrom('users').select(['id', 'username']).where('id', 'in', part).execute())
        this.users.set(u.id, u.username);
    }
    const clients = new Set<number>();
    for (const part of chunks(projects)) {
      const found = await db
        .selectFrom('projects')
        .select(['id', 'name', 'client_id', 'hourly_rate_cents'])
        .where('id', 'in', part)
        .execute();
      for (const p of found) {
        this.projects.set(p.id, { name: p.name, client_id: p.client_id, rate: p.hourly_rate_cents });
        if (p.client_id !== null && !this.clients.has(p.client_id)) clients.add(p.client_id);
      }
    }
    for (const part of chunks(clients)) {
      const found = await db
        .selectFrom('clients')
        .select(['id', 'name', 'default_hourly_rate_cents'])
        .where('id', 'in', part)
        .execute();
      for (const c of found) this.clients.set(c.id, { name: c.name, rate: c.default_hourly_rate_cents });
    }
    for (const part of chunks(tasks)) {
      for (const t of await db.selectFrom('tasks').select(['id', 'name']).where('id', 'in', part).execute())
        this.tasks.set(t.id, t.name);
    }
    for (const part of chunks(tags)) {
      for (const t of await db.selectFrom('tags').select(['id', 'name']).where('id', 'in', part).execute())
        this.tags.set(t.id, t.name);
    }
  }
}

/** Number of selected entries, counting no further than `cap` (for the XLSX row limit). */
export async function countSelected(db: Kysely<DB>, s: ExportSelection, cap: number): Promise<number> {
  const row = await db
    .selectFrom(selected(db, s).select('time_entries.id').limit(boundLimit(cap)).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Names of the catalogue items a filter names, for printing the filters in words (missing ids are left out). */
export async function filterTargetNames(
  db: Kysely<DB>,
  ids: { project_id?: number; client_id?: number; task_id?: number },
): Promise<{ project?: string; client?: string; task?: string }> {
  const [project, client, task] = await Promise.all([
    ids.project_id === undefined
      ? undefined
      : db.selectFrom('projects').select('name').where('id', '=', ids.project_id).executeTakeFirst(),
    ids.client_id === undefined
      ? undefined
      : db.selectFrom('clients').select('name').where('id', '=', ids.client_id).executeTakeFirst(),
    ids.task_id === undefined
      ? undefined
      : db.selectFrom('tasks').select('name').where('id', '=', ids.task_id).executeTakeFirst(),
  ]);
  return { project: project?.name, client: client?.name, task: task?.name };
}

/** `Full Name (username)`, or the username; undefined for an unknown id. */
export async function userLabel(db: Kysely<DB>, userId: number): Promise<string | undefined> {
  const user = await db.selectFrom('users').select(['username', 'full_name']).where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  return user.full_name ? `${user.full_name} (${user.username})` : user.username;
}
