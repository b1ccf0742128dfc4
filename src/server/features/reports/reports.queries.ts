// Summary report aggregation, entirely in SQL (the same statements on SQLite and PostgreSQL).
//
// How an entry's seconds are counted. An entry has a span S = end − start and worked seconds D (its stored
// duration: breaks and rounding already applied). Worked time is spread evenly over the span:
//     F(t) = floor(D × (t − start) / S)          (F(start) = 0, F(end) = D)
// and the seconds the entry contributes to any interval [a, b) of its span are F(b) − F(a). Contributions of
// adjacent intervals telescope, so whatever the grouping (project, tag, day, week …) the integer seconds of
// the parts add up exactly to the entry's seconds in [from, to), and an entry crossing midnight is split
// over both days in proportion to its wall time.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { entryFilterCondition, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import { ROUNDING_MINUTES, type RoundingRule } from '../../../shared/time-math.js';

export interface SummaryScope {
  filters: EntryFilters;
  scope: UserScope;
  from: number;
  to: number;
  /** No selected entry starts before this (see entry-scan.ts); only narrows the index range read. */
  earliestStart: number;
  /** Per-entry report rounding: each entry's worked seconds are rounded before they are spread over its span. */
  entryRounding?: RoundingRule;
}

/**
 * SQL transcription of roundDuration (shared/time-math.ts, the definition) for non-negative integer seconds, so
 * per-entry rounding stays inside the one aggregating statement. Integer division truncates on both databases,
 * which is floor for these values; steps are whole minutes, so half a step is whole. reports-rounding.db.test.ts
 * checks it against roundDuration on both databases.
 */
export function roundedSecondsSql(seconds: RawBuilder<number>, rule: RoundingRule): RawBuilder<number> {
  if (!(ROUNDING_MINUTES as readonly number[]).includes(rule.minutes)) throw new RangeError(`bad step ${rule.minutes}`);
  const step = sql.lit(rule.minutes * 60);
  const offset = { down: 0, up: rule.minutes * 60 - 1, nearest: (rule.minutes * 60) / 2 }[rule.method];
  if (offset === undefined) throw new RangeError(`unknown rounding method: ${String(rule.method)}`);
  return sql<number>`(((${seconds}) + ${sql.lit(offset)}) / ${step}) * ${step}`;
}

export interface Aggregate {
  seconds: number;
  billable_seconds: number;
  /** Σ billable seconds × hourly rate in cents, for billable entries that have a rate. */
  amount_cent_seconds: number;
  entry_count: number;
  /** Billable entries without any rate (project or client). */
  entries_without_rate: number;
}

export interface GroupAggregate extends Aggregate {
  key: string | null;
  label: string | null;
}

export type Dimension = 'project' | 'client' | 'user' | 'task';

const bigint = (value: number): RawBuilder<number> => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return sql<number>`cast(${value} as bigint)`;
};

/**
 * One row per selected finished entry with what the aggregations need: s (start), span, d (worked seconds),
 * cs/ce (the span clipped to [from, to)), c (its seconds in [from, to)), billable. No joins: rates and names
 * are applied after the entries have been aggregated per project (see RATES).
 */
export function contributionsOf(db: Kysely<DB>, q: SummaryScope) {
  const from = bigint(q.from);
  const to = bigint(q.to);
  const stored = sql<number>`case when time_entries.duration_seconds is not null then time_entries.duration_seconds
    when time_entries.end_time - time_entries.start_time - time_entries.break_seconds > 0
    then time_entries.end_time - time_entries.start_time - time_entries.break_seconds else 0 end`;
  const worked = q.entryRounding ? roundedSecondsSql(stored, q.entryRounding) : stored;
  const span = sql<number>`(time_entries.end_time - time_entries.start_time)`;
  const clipStart = sql<number>`case when time_entries.start_time < ${from} then ${from} else time_entries.start_time end`;
  const clipEnd = sql<number>`case when time_entries.end_time > ${to} then ${to} else time_entries.end_time end`;
  const at = (t: RawBuilder<number>) => sql<number>`(${worked} * (${t} - time_entries.start_time)) / ${span}`;
  return keptEntries(db)
    .where((eb) => entryFilterCondition(eb, { ...q.filters, from: q.from, to: q.to }, q.scope))
    .where('time_entries.end_time', 'is not', null)
    .where('time_entries.start_time', '>=', q.earliestStart)
    .select([
      'time_entries.id as id',
      'time_entries.user_id as user_id',
      'time_entries.project_id as project_id',
      'time_entries.task_id as task_id',
      'time_entries.billable as billable',
      'time_entries.start_time as s',
      span.as('span'),
      worked.as('d'),
      clipStart.as('cs'),
      clipEnd.as('ce'),
      sql<number>`case when ${span} > 0 then ${at(clipEnd)} - ${at(clipStart)} else 0 end`.as('c'),
    ]);
}

/**
 * First stage, over entries `x` grouped by (key, project): seconds, billable seconds, entries, billable
 * entries. `c` is the SQL expression of an entry's seconds in the group.
 */
function perProject(contribution: RawBuilder<number>) {
  const c = sql<number>`(${contribution})`;
  return sql`cast(sum(${c}) as bigint) as seconds,
    cast(sum(case when x.billable = 1 then ${c} else 0 end) as bigint) as billable_seconds,
    count(*) as entry_count,
    cast(sum(x.billable) as bigint) as billable_count`;
}

/**
 * Every project's client and effective hourly rate: the project's rate, else its client's default rate.
 * An entry's rate depends only on its project, so Σ(seconds × rate) over entries equals Σ over projects of
 * (billable seconds × rate) — the rate is applied to the few per-project sums, not to every entry.
 */
const RATES = sql`(select projects.id as project_id, projects.client_id as client_id,
  coalesce(projects.hourly_rate_cents, clients.default_hourly_rate_cents) as rate
  from projects left join clients on clients.id = projects.client_id)`;

/**
 * Σ billable seconds × rate. Seconds stay far inside 64 bits for any entries the API accepts (bounded spans, no
 * overlaps), but times a rate of up to 999,999,999.99 they do not: a few years at the highest rate exceed
 * 9.2e18. So this one sum is computed in numeric on PostgreSQL (exact) and with total() on SQLite (a double,
 * exact up to 2^53 cent-seconds, i.e. 25 billion in money, and never an integer-overflow error).
 */
function amountSum(db: Kysely<DB>) {
  return isPostgres(db as Kysely<unknown>)
    ? sql`coalesce(sum(case when r.rate is not null then cast(p.billable_seconds as numeric) * r.rate else 0 end), 0)`
    : sql`total(case when r.rate is not null then p.billable_seconds * r.rate else 0 end)`;
}

/** Second stage, over first-stage rows `p` joined with RATES as `r`. */
const totalsOf = (db: Kysely<DB>) => sql`cast(coalesce(sum(p.seconds), 0) as bigint) as seconds,
  cast(coalesce(sum(p.billable_seconds), 0) as bigint) as billable_seconds,
  ${amountSum(db)} as amount_cent_seconds,
  cast(coalesce(sum(p.entry_count), 0) as bigint) as entry_count,
  cast(coalesce(sum(case when r.rate is null then p.billable_count else 0 end), 0) as bigint) as entries_without_rate`;

/** A result row as numbers; a missing row (no entries at all) is all zeros. */
function toAggregate(row: Record<string, unknown>): Aggregate {
  const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
  return {
    seconds: n(row.seconds),
    billable_seconds: n(row.billable_seconds),
    amount_cent_seconds: n(row.amount_cent_seconds),
    entry_count: n(row.entry_count),
    entries_without_rate: n(row.entries_without_rate),
  };
}

const C = sql<number>`x.c`;

/** Totals over every selected entry (each entry once). */
export async function summaryTotals(db: Kysely<DB>, q: SummaryScope): Promise<Aggregate> {
  const { rows } = await sql<Record<string, unknown>>`
    select ${totalsOf(db)}
    from (select x.project_id, ${perProject(C)} from ${contributionsOf(db, q)} as x group by x.project_id) as p
    inner join ${RATES} as r on r.project_id = p.project_id
  `.execute(db);
  return toAggregate(rows[0] ?? {});
}

/** One group per project / client / user / task; `key` null = no client / no task. */
export async function summaryByDimension(db: Kysely<DB>, q: SummaryScope, dimension: Dimension): Promise<GroupAggregate[]> {
  const x = contributionsOf(db, q);
  let query: RawBuilder<Record<string, unknown> & { gkey: string | number | null; label: string | null }>;
  if (dimension === 'client') {
    query = sql`
      select g.*, l.name as label from (
        select r.client_id as gkey, ${totalsOf(db)}
        from (select x.project_id, ${perProject(C)} from ${x} as x group by x.project_id) as p
        inner join ${RATES} as r on r.project_id = p.project_id
        group by r.client_id
      ) as g left join clients as l on l.id = g.gkey`;
  } else {
    const column = sql.ref({ project: 'x.project_id', user: 'x.user_id', task: 'x.task_id' }[dimension]);
    const labels = {
      project: sql`projects as l on l.id = g.gkey`,
      user: sql`users as l on l.id = g.gkey`,
      task: sql`tasks as l on l.id = g.gkey`,
    }[dimension];
    const label = dimension === 'user' ? sql`l.username` : sql`l.name`;
    query = sql`
      select g.*, ${label} as label from (
        select p.gkey, ${totalsOf(db)}
        from (select ${column} as gkey, x.project_id, ${perProject(C)} from ${x} as x group by ${column}, x.project_id) as p
        inner join ${RATES} as r on r.project_id = p.project_id
        group by p.gkey
      ) as g left join ${labels}`;
  }
  const { rows } = await query.execute(db);
  return rows.map((r) => ({ key: r.gkey === null ? null : String(r.gkey), label: r.label ?? null, ...toAggregate(r) }));
}

/**
 * One group per tag (lower-cased name; the null key = entries without tags) and the totals, in one statement.
 * An entry with two tags counts in both groups, so the groups can add up to more than the totals.
 */
export async function summaryByTag(db: Kysely<DB>, q: SummaryScope): Promise<{ groups: GroupAggregate[]; totals: Aggregate }> {
  const { rows } = await sql<Record<string, unknown> & { kind: string; gkey: string | null; label: string | null }>`
    with x as materialized (select * from ${contributionsOf(db, q)} as x0),
    p as (
      select 'g' as kind, t.name_lower as gkey, min(t.name) as label, x.project_id, ${perProject(C)}
      from x
      left join time_entry_tags as tt on tt.time_entry_id = x.id
      left join tags as t on t.id = tt.tag_id
      group by t.name_lower, x.project_id
      union all
      select 't' as kind, null as gkey, null as label, x.project_id, ${perProject(C)} from x group by x.project_id
    )
    select p.kind, p.gkey, min(p.label) as label, ${totalsOf(db)}
    from p inner join ${RATES} as r on r.project_id = p.project_id
    group by p.kind, p.gkey
  `.execute(db);
  const totals = rows.find((r) => r.kind === 't');
  return {
    groups: rows.filter((r) => r.kind === 'g').map((r) => ({ key: r.gkey, label: r.label, ...toAggregate(r) })),
    totals: toAggregate(totals ?? {}),
  };
}

/**
 * SQL expression: the index of the bucket containing the instant `t`, by binary search over the bucket starts
 * written out as nested CASEs (about log2(n) comparisons per row, no join). `t` must lie in [starts[0], end).
 */
export function bucketIndexSql(t: string, starts: readonly number[]): string {
  for (const s of starts) if (!Number.isSafeInteger(s)) throw new RangeError(`bucket start is not an integer: ${s}`);
  const node = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = (lo + hi + 1) >> 1;
    return `case when ${t} < ${starts[mid]} then ${node(lo, mid - 1)} else ${node(mid, hi)} end`;
  };
  return node(0, starts.length - 1);
}

/**
 * Aggregates per bucket, index-aligned with `bucketList` (contiguous, partitioning [from, to)). Entries inside
 * one bucket (nearly all) are grouped by their bucket index; the few crossing a boundary are joined with the
 * bucket list and split with F (see the top of this file). Missing indexes had no entries.
 */
export async function summaryByBuckets(
  db: Kysely<DB>,
  q: SummaryScope,
  bucketList: ReadonlyArray<{ start: number; end: number }>,
): Promise<{ byIndex: Map<number, Aggregate>; totals: Aggregate }> {
  const starts = bucketList.map((b) => b.start);
  const values = sql.join(bucketList.map((b, i) => sql`(${sql.lit(i)}, ${sql.lit(b.start)}, ${sql.lit(b.end)})`));
  const at = (t: RawBuilder<number>) => sql<number>`(x.d * (${t} - x.s)) / x.span`;
  const split = sql<number>`${at(sql`case when b.bend < x.ce then b.bend else x.ce end`)} - ${at(sql`case when b.bstart > x.cs then b.bstart else x.cs end`)}`;
  // `x` (the range's entries) is read once; `y` (the few crossing a boundary) is materialized so the join
  // with the bucket list reads it, not the whole range, once per bucket. Kind 't' rows are the totals
  // (each entry once).
  const { rows } = await sql<Record<string, unknown> & { kind: string; idx: number }>`
    with b(idx, bstart, bend) as (values ${values}),
    x as materialized (
      select x0.*, ${sql.raw(bucketIndexSql('x0.cs', starts))} as bi, ${sql.raw(bucketIndexSql('x0.ce - 1', starts))} as be
      from ${contributionsOf(db, q)} as x0
    ),
    y as materialized (select * from x where x.bi < x.be),
    p as (
      select 'g' as kind, x.bi as gkey, x.project_id, ${perProject(C)} from x where x.bi = x.be group by x.bi, x.project_id
      union all
      select 'g' as kind, b.idx as gkey, x.project_id, ${perProject(split)} from y as x inner join b on b.idx >= x.bi and b.idx <= x.be
      group by b.idx, x.project_id
      union all
      select 't' as kind, -1 as gkey, x.project_id, ${perProject(C)} from x group by x.project_id
    )
    select p.kind, p.gkey as idx, ${totalsOf(db)} from p inner join ${RATES} as r on r.project_id = p.project_id group by p.kind, p.gkey
  `.execute(db);
  const totals = rows.find((r) => r.kind === 't');
  return {
    byIndex: new Map(rows.filter((r) => r.kind === 'g').map((row) => [Number(row.idx), toAggregate(row)])),
    totals: toAggregate(totals ?? {}),
  };
}
