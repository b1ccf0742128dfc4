// Per-day rounding of reports needs the unrounded time of each rounding unit: one user's time on one local day,
// per project, billable flag and group key. This statement answers those cells (few: days × users × projects ×
// keys, not entries); report-rounding.ts rounds each with the one rounding function and adds them up.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { bucketIndexSql, contributionsOf, type SummaryScope } from './reports.queries.js';

/** What a cell is grouped by besides day, user, project and billable: a report dimension, or nothing. */
export type CellKey = 'project' | 'client' | 'user' | 'task' | 'tag' | 'none';

export interface DailyCell {
  /** The group key as the summary shows it (id or lower-cased tag name), null for none. */
  gkey: string | null;
  /** Index into the day buckets the cells were asked for. */
  day: number;
  project_id: number;
  billable: boolean;
  seconds: number;
}

export async function dailyCells(
  db: Kysely<DB>,
  q: SummaryScope,
  days: ReadonlyArray<{ start: number; end: number }>,
  key: CellKey,
): Promise<DailyCell[]> {
  if (days.length === 0) return [];
  const starts = days.map((d) => d.start);
  const values = sql.join(days.map((b, i) => sql`(${sql.lit(i)}, ${sql.lit(b.start)}, ${sql.lit(b.end)})`));
  const at = (t: string) => sql<number>`(x.d * (${sql.raw(t)} - x.s)) / x.span`;
  const split = sql<number>`${at('case when b.bend < x.ce then b.bend else x.ce end')} - ${at('case when b.bstart > x.cs then b.bstart else x.cs end')}`;
  const gkey = {
    project: sql`p.project_id`,
    client: sql`(select projects.client_id from projects where projects.id = p.project_id)`,
    user: sql`p.user_id`,
    task: sql`p.task_id`,
    tag: sql`t.name_lower`,
    // PostgreSQL refuses a constant in GROUP BY, so "none" is left out of it (see below).
    none: sql`null`,
  }[key];
  const tagJoin =
    key === 'tag'
      ? sql`left join time_entry_tags as tt on tt.time_entry_id = p.id left join tags as t on t.id = tt.tag_id`
      : sql``;
  const { rows } = await sql<{ gkey: string | number | null; di: number; project_id: number; billable: number; seconds: number }>`
    with b(idx, bstart, bend) as (values ${values}),
    x as materialized (
      select x0.*, ${sql.raw(bucketIndexSql('x0.cs', starts))} as bi, ${sql.raw(bucketIndexSql('x0.ce - 1', starts))} as be
      from ${contributionsOf(db, q)} as x0
    ),
    p as (
      select x.id, x.user_id, x.project_id, x.task_id, x.billable, x.bi as di, x.c as c from x where x.bi = x.be
      union all
      select x.id, x.user_id, x.project_id, x.task_id, x.billable, b.idx as di, ${split} as c
      from x inner join b on b.idx >= x.bi and b.idx <= x.be where x.bi < x.be
    )
    select ${gkey} as gkey, p.di, p.project_id, p.billable, cast(sum(p.c) as bigint) as seconds
    from p ${tagJoin}
    group by ${key === 'none' ? sql`` : sql`${gkey}, `}p.di, p.user_id, p.project_id, p.billable
  `.execute(db);
  return rows.map((r) => ({
    gkey: r.gkey === null ? null : String(r.gkey),
    day: Number(r.di),
    project_id: Number(r.project_id),
    billable: Number(r.billable) === 1,
    seconds: Number(r.seconds),
  }));
}

/** Each project's effective hourly rate in cents (its own, else its client's); absent = none. */
export async function projectRates(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('projects')
    .leftJoin('clients', 'clients.id', 'projects.client_id')
    .where('projects.id', 'in', [...ids])
    .select((eb) => [
      'projects.id as id',
      eb.fn.coalesce('projects.hourly_rate_cents', 'clients.default_hourly_rate_cents').as('rate'),
    ])
    .execute();
  return new Map(rows.filter((r) => r.rate !== null).map((r) => [r.id, Number(r.rate)]));
}
