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
import { entryFilterCondition, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';

export interface SummaryScope {
  filters: EntryFilters;
  scope: UserScope;
  from: number;
  to: number;
  /** No selected entry starts before this (see entry-scan.ts); only narrows the index range read. */
  earliestStart: number;
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

export type Dimension = 'project' | 'client' | 'user' | 'task' | 'tag';

const bigint = (value: number): RawBuilder<number> => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  return sql<number>`cast(${value} as bigint)`;
};

/**
 * One row per selected finished entry with what the aggregations need: s (start), span, d (worked seconds),
 * cs/ce (the span clipped to [from, to)), c (its seconds in [from, to)), billable, rate (project rate, else
 * the client's default rate, else null).
 */
function contributions(db: Kysely<DB>, q: SummaryScope) {
  const from = bigint(q.from);
  const to = bigint(q.to);
  const worked = sql<number>`case when time_entries.duration_seconds is not null then time_entries.duration_seconds
    when time_entries.end_time - time_entries.start_time - time_entries.break_seconds > 0
    then time_entries.end_time - time_entries.start_time - time_entries.break_seconds else 0 end`;
  const span = sql<number>`(time_entries.end_time - time_entries.start_time)`;
  const clipStart = sql<number>`case when time_entries.start_time < ${from} then ${from} else time_entries.start_time end`;
  const clipEnd = sql<number>`case when time_entries.end_time > ${to} then ${to} else time_entries.end_time end`;
  const at = (t: RawBuilder<number>) => sql<number>`(${worked} * (${t} - time_entries.start_time)) / ${span}`;
  return db
    .selectFrom('time_entries')
    .where((eb) => entryFilterCondition(eb, { ...q.filters, from: q.from, to: q.to }, q.scope))
    .where('time_entries.end_time', 'is not', null)
    .where('time_entries.start_time', '>=', q.earliestStart)
    .innerJoin('projects', 'projects.id', 'time_entries.project_id')
    .leftJoin('clients', 'clients.id', 'projects.client_id')
    .select([
      'time_entries.id as id',
      'time_entries.user_id as user_id',
      'time_entries.project_id as project_id',
      'time_entries.task_id as task_id',
      'projects.client_id as client_id',
      'time_entries.billable as billable',
      sql<number | null>`coalesce(projects.hourly_rate_cents, clients.default_hourly_rate_cents)`.as('rate'),
      'time_entries.start_time as s',
      span.as('span'),
      worked.as('d'),
      clipStart.as('cs'),
      clipEnd.as('ce'),
      sql<number>`case when ${span} > 0 then ${at(clipEnd)} - ${at(clipStart)} else 0 end`.as('c'),
    ]);
}

/** The aggregate columns over rows `x` whose contribution is the SQL expression `c`. */
function aggregateColumns(contribution: RawBuilder<number>) {
  const c = sql<number>`(${contribution})`;
  return [
    sql<number>`cast(coalesce(sum(${c}), 0) as bigint)`.as('seconds'),
    sql<number>`cast(coalesce(sum(case when x.billable = 1 then ${c} else 0 end), 0) as bigint)`.as('billable_seconds'),
    sql<number>`cast(coalesce(sum(case when x.billable = 1 and x.rate is not null then ${c} * x.rate else 0 end), 0) as bigint)`.as(
      'amount_cent_seconds',
    ),
    sql<number>`count(*)`.as('entry_count'),
    sql<number>`cast(coalesce(sum(case when x.billable = 1 and x.rate is null then 1 else 0 end), 0) as bigint)`.as(
      'entries_without_rate',
    ),
  ] as const;
}

function toAggregate(row: Record<string, unknown>): Aggregate {
  return {
    seconds: Number(row.seconds),
    billable_seconds: Number(row.billable_seconds),
    amount_cent_seconds: Number(row.amount_cent_seconds),
    entry_count: Number(row.entry_count),
    entries_without_rate: Number(row.entries_without_rate),
  };
}

const C = sql<number>`x.c`;

/** Totals over every selected entry (each entry once). */
export async function summaryTotals(db: Kysely<DB>, q: SummaryScope): Promise<Aggregate> {
  const row = await db.selectFrom(contributions(db, q).as('x')).select(aggregateColumns(C)).executeTakeFirstOrThrow();
  return toAggregate(row);
}

/** One group per project / client / user / task / tag; `key` null = no client / no task / no tag. */
export async function summaryByDimension(db: Kysely<DB>, q: SummaryScope, dimension: Dimension): Promise<GroupAggregate[]> {
  const x = contributions(db, q).as('x');
  if (dimension === 'tag') {
    // An entry with two tags counts in both groups; entries without tags form the null group.
    const rows = await db
      .selectFrom(x)
      .leftJoin('time_entry_tags as tt', 'tt.time_entry_id', 'x.id')
      .leftJoin('tags as t', 't.id', 'tt.tag_id')
      .select(['t.name_lower as key', sql<string | null>`min(t.name)`.as('label'), ...aggregateColumns(C)])
      .groupBy('t.name_lower')
      .execute();
    return rows.map((r) => ({ key: r.key, label: r.label, ...toAggregate(r) }));
  }
  const column = { project: 'x.project_id', client: 'x.client_id', user: 'x.user_id', task: 'x.task_id' } as const;
  const grouped = db
    .selectFrom(x)
    .select([sql<number | null>`${sql.ref(column[dimension])}`.as('gkey'), ...aggregateColumns(C)])
    .groupBy(column[dimension])
    .as('g');
  const base = db.selectFrom(grouped).selectAll('g');
  const rows = await (
    dimension === 'project'
      ? base.leftJoin('projects as l', 'l.id', 'g.gkey').select('l.name as label')
      : dimension === 'client'
        ? base.leftJoin('clients as l', 'l.id', 'g.gkey').select('l.name as label')
        : dimension === 'user'
          ? base.leftJoin('users as l', 'l.id', 'g.gkey').select('l.username as label')
          : base.leftJoin('tasks as l', 'l.id', 'g.gkey').select('l.name as label')
  ).execute();
  return rows.map((r) => ({ key: r.gkey === null ? null : String(r.gkey), label: r.label ?? null, ...toAggregate(r) }));
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
): Promise<Map<number, Aggregate>> {
  const starts = bucketList.map((b) => b.start);
  const values = sql.join(bucketList.map((b, i) => sql`(${sql.lit(i)}, ${sql.lit(b.start)}, ${sql.lit(b.end)})`));
  const at = (t: RawBuilder<number>) => sql<number>`(x.d * (${t} - x.s)) / x.span`;
  const split = sql<number>`${at(sql`case when b.bend < x.ce then b.bend else x.ce end`)} - ${at(sql`case when b.bstart > x.cs then b.bstart else x.cs end`)}`;
  const whole = sql.join([...aggregateColumns(C)]);
  const crossing = sql.join([...aggregateColumns(split)]);
  const result = await sql<Record<string, unknown> & { idx: number }>`
    with b(idx, bstart, bend) as (values ${values}),
    x as (
      select x0.*, ${sql.raw(bucketIndexSql('x0.cs', starts))} as bi, ${sql.raw(bucketIndexSql('x0.ce - 1', starts))} as be
      from ${contributions(db, q)} as x0
    )
    select x.bi as idx, ${whole} from x where x.bi = x.be group by x.bi
    union all
    select b.idx as idx, ${crossing} from x inner join b on b.idx >= x.bi and b.idx <= x.be where x.bi < x.be group by b.idx
  `.execute(db);
  const out = new Map<number, Aggregate>();
  for (const row of result.rows) {
    const idx = Number(row.idx);
    const add = toAggregate(row);
    const prev = out.get(idx);
    out.set(
      idx,
      prev === undefined
        ? add
        : {
            seconds: prev.seconds + add.seconds,
            billable_seconds: prev.billable_seconds + add.billable_seconds,
            amount_cent_seconds: prev.amount_cent_seconds + add.amount_cent_seconds,
            entry_count: prev.entry_count + add.entry_count,
            entries_without_rate: prev.entries_without_rate + add.entries_without_rate,
          },
    );
  }
  return out;
}
