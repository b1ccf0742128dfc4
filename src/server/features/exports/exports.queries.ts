// Keyset-paged reads of the entries an export contains: the shared entry filters, in the list's order
// (start_time desc, id desc), with the names an export shows. One page at a time, so memory stays flat.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BulkReader } from '../../db/bulk-reader.js';
import { entryFilterCondition, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';

export interface ExportSelection {
  filters: EntryFilters;
  scope: UserScope;
  /** No selected entry starts before this (see reports/entry-scan.ts); undefined when `from` is not set. */
  earliestStart?: number;
}

function selected(db: Kysely<DB>, s: ExportSelection) {
  let query = db.selectFrom('time_entries').where((eb) => entryFilterCondition(eb, s.filters, s.scope));
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
/** One row per tag link of an entry, or one with a null tag id for an untagged entry. */
export type ExportPageRow = [
  id: number,
  userId: number,
  projectId: number,
  taskId: number | null,
  startTime: number,
  endTime: number | null,
  durationSeconds: number | null,
  breakSeconds: number,
  notes: string | null,
  billable: 0 | 1,
  tagId: number | null,
];

export interface ExportReader {
  db: Kysely<DB>;
  bulk: BulkReader;
}

/**
 * The `limit` entries after the keyset `after` ([start_time, id] of the previous page's last entry), joined
 * with their tag links: consecutive rows of one entry, one per tag. One statement per page on both
 * databases (a separate `IN (…5,000 ids)` lookup of the links made PostgreSQL scan the whole link table).
 * Only ids besides the entry columns: ExportCatalog reads each user/project/client/task/tag name once per
 * export instead of joining five tables for every one of a million rows.
 */
export async function exportPage(
  { db, bulk }: ExportReader,
  s: ExportSelection,
  after: [number, number] | undefined,
  limit: number,
): Promise<ExportPageRow[]> {
  let entries = selected(db, s).select(PAGE_COLUMNS.map((c) => `time_entries.${c}` as const));
  if (after) {
    entries = entries.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('time_entries.start_time', 'time_entries.id'), '<', tuple(after[0], after[1])),
    );
  }
  const page = entries.orderBy('time_entries.start_time', 'desc').orderBy('time_entries.id', 'desc').limit(limit);
  const compiled = db
    .selectFrom(page.as('e'))
    .leftJoin('time_entry_tags as l', 'l.time_entry_id', 'e.id')
    .select([...PAGE_COLUMNS.map((c) => `e.${c}` as const), 'l.tag_id'])
    .orderBy('e.start_time', 'desc')
    .orderBy('e.id', 'desc')
    .compile();
  return (await bulk.rows(compiled)) as ExportPageRow[];
}

/** Where a page ends: the keyset of its last entry, and whether it was full (more may follow). */
export function pageEnd(rows: readonly ExportPageRow[], size: number): { last?: [number, number]; full: boolean } {
  let entries = 0;
  for (let i = 0; i < rows.length; i++) if (i === 0 || rows[i]![0] !== rows[i - 1]![0]) entries++;
  const last = rows.at(-1);
  return { last: last && [last[4], last[0]], full: entries === size };
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
  async resolve(rows: readonly ExportPageRow[]): Promise<ExportEntryRow[]> {
    await this.load(rows);
    const out: ExportEntryRow[] = [];
    let previous: ExportEntryRow | undefined;
    // Indexed access rather than destructuring: this runs once per row of a million-row export.
    for (const r of rows) {
      const id = r[0];
      const tag = r[10] === null ? undefined : this.tags.get(r[10]);
      if (previous?.id === id) {
        if (tag !== undefined) previous.tags = [...previous.tags, tag].sort(byLowerCase);
        continue;
      }
      const project = this.projects.get(r[2]);
      const client = project?.client_id == null ? undefined : this.clients.get(project.client_id);
      previous = {
        id,
        start_time: r[4],
        end_time: r[5],
        duration_seconds: r[6],
        break_seconds: r[7],
        notes: r[8],
        billable: r[9],
        username: this.users.get(r[1]) ?? '',
        project_name: project?.name ?? '',
        client_name: client?.name ?? null,
        task_name: r[3] === null ? null : (this.tasks.get(r[3]) ?? null),
        tags: tag === undefined ? NO_TAGS : [tag],
        rate_cents: project?.rate ?? client?.rate ?? null,
      };
      out.push(previous);
    }
    return out;
  }

  private async load(rows: readonly ExportPageRow[]): Promise<void> {
    const { db } = this.reader;
    const users = new Set<number>();
    const projects = new Set<number>();
    const tasks = new Set<number>();
    const tags = new Set<number>();
    for (const r of rows) {
      if (!this.users.has(r[1])) users.add(r[1]);
      if (!this.projects.has(r[2])) projects.add(r[2]);
      if (r[3] !== null && !this.tasks.has(r[3])) tasks.add(r[3]);
      if (r[10] !== null && !this.tags.has(r[10])) tags.add(r[10]);
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
    .selectFrom(selected(db, s).select('time_entries.id').limit(cap).as('capped'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
