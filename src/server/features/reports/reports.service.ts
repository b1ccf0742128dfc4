// The summary report: who may see what (user scope), the range and time zone, the rate rules, and analytics.
import type { AppContext } from '../../app-context.js';
import { validationFailed } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import {
  bucketKey,
  buckets,
  rangeDays,
  type BucketUnit,
  type ReportRounding,
  type WeekStart,
} from '../../../shared/time-math.js';
import { track } from '../analytics/track.js';
import type { Principal } from '../auth/principal.js';
import { assertRange, resolveUserScope, type EntryFilters, type UserScope } from '../time-entries/entry-filters.js';
import { earliestOverlappingStart } from './entry-scan.js';
import { resolveTimeZone } from './report-time-zone.js';
import { hasProblems, rangeProblems } from '../../../shared/entry-bounds.js';
import { apportionCents, centsFromCentSeconds, resolveReportRange, weekLabel } from './report-math.js';
import {
  summaryByBuckets,
  summaryByDimension,
  summaryByTag,
  type Aggregate,
  type Dimension,
  type SummaryScope,
} from './reports.queries.js';
import { dailyCells, projectRates, type CellKey } from './daily-cells.queries.js';
import { resolveReportRounding, roundCells, type RoundedSums, type RoundingRequest } from './report-rounding.js';

export const GROUP_BY = ['project', 'client', 'user', 'task', 'tag', 'day', 'week', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface SummaryInput extends EntryFilters, RoundingRequest {
  group_by: GroupBy;
  timezone?: string;
}

export interface SummaryGroup {
  key: string | null;
  label: string | null;
  seconds: number;
  billable_seconds: number;
  billable_amount_cents: number;
  entry_count: number;
}

export interface Summary {
  from: number;
  to: number;
  timezone: string;
  week_start: WeekStart;
  group_by: GroupBy;
  scope: UserScope;
  total_seconds: number;
  billable_seconds: number;
  billable_amount_cents: number;
  currency: string;
  entries_without_rate: number;
  /** Entries counted once each (tag groups can count one entry several times). */
  entry_count: number;
  groups: SummaryGroup[];
  /** The report rounding applied (null: none). */
  rounding: ReportRounding;
  /** The filters as applied (from/to filled in), for exports that describe them. */
  filters: EntryFilters;
}

const isBucket = (g: GroupBy): g is BucketUnit => g === 'day' || g === 'week' || g === 'month';

/** The caller's zone unless one is asked for; 400 for a name this runtime does not know. */
function weekStartOf(principal: Principal): WeekStart {
  const w = principal.user.week_start;
  return (Number.isInteger(w) && w >= 0 && w <= 6 ? w : 1) as WeekStart;
}

const byTimeSpent = (a: SummaryGroup, b: SummaryGroup): number =>
  b.seconds - a.seconds || (a.label ?? '\uffff').localeCompare(b.label ?? '\uffff') || (a.key ?? '').localeCompare(b.key ?? '');

function toGroups(rows: Array<Aggregate & { key: string | null; label: string | null }>, apportion: boolean): SummaryGroup[] {
  const cents = apportion
    ? apportionCents(rows.map((r) => r.amount_cent_seconds)).parts
    : rows.map((r) => centsFromCentSeconds(r.amount_cent_seconds));
  return rows.map((r, i) => ({
    key: r.key,
    label: r.label,
    seconds: r.seconds,
    billable_seconds: r.billable_seconds,
    billable_amount_cents: cents[i] as number,
    entry_count: r.entry_count,
  }));
}

function sumAggregates(rows: readonly Aggregate[]): Aggregate {
  const total: Aggregate = { seconds: 0, billable_seconds: 0, amount_cent_seconds: 0, entry_count: 0, entries_without_rate: 0 };
  for (const r of rows) {
    total.seconds += r.seconds;
    total.billable_seconds += r.billable_seconds;
    total.amount_cent_seconds += r.amount_cent_seconds;
    total.entry_count += r.entry_count;
    total.entries_without_rate += r.entries_without_rate;
  }
  return total;
}

const ZERO: RoundedSums = { seconds: 0, billable_seconds: 0, amount_cent_seconds: 0 };

const EMPTY: Aggregate = { seconds: 0, billable_seconds: 0, amount_cent_seconds: 0, entry_count: 0, entries_without_rate: 0 };

/** Computes the summary (no analytics; the PDF export reuses it). */
export async function computeSummary(
  ctx: AppContext,
  principal: Principal,
  input: SummaryInput,
  now = nowSeconds(),
): Promise<Summary> {
  assertRange(input);
  const scope = resolveUserScope(principal, input.user_id);
  const timezone = resolveTimeZone(input.timezone, principal);
  const weekStart = weekStartOf(principal);
  const { from, to } = resolveReportRange(input, timezone, now);
  // At most 10 years, whatever the grouping (3,660 day buckets at most), as for exports.
  const problems = rangeProblems(from, to);
  if (hasProblems(problems)) throw validationFailed(problems);

  const { group_by: _g, timezone: _tz, rounding: _r, rounding_minutes: _rm, rounding_method: _rme, ...filterInput } = input;
  const filters: EntryFilters = { ...filterInput, from, to };
  const rounding = resolveReportRounding(input, principal.user);
  const q: SummaryScope = {
    filters,
    scope,
    from,
    to,
    earliestStart: await earliestOverlappingStart(ctx.db, scope, from, false),
    ...(rounding?.scope === 'entry' ? { entryRounding: rounding } : {}),
  };

  let groups: SummaryGroup[];
  let totals: Aggregate;
  let totalCents: number;
  if (isBucket(input.group_by)) {
    const unit = input.group_by;
    const list = buckets(from, to, unit, timezone, weekStart);
    const { byIndex, totals: all } = await summaryByBuckets(ctx.db, q, list);
    const rows = list.map((b, i) => ({
      ...(byIndex.get(i) ?? EMPTY),
      key: b.key,
      label: unit === 'week' ? weekLabel(b.key) : b.key,
    }));
    groups = toGroups(rows, true);
    totals = all;
    totalCents = centsFromCentSeconds(all.amount_cent_seconds);
  } else if (input.group_by === 'tag') {
    const byTag = await summaryByTag(ctx.db, q);
    const rows = byTag.groups;
    totals = byTag.totals;
    groups = toGroups(rows, false)
      .map((g) => (g.key === null ? { ...g, label: '(no tag)' } : g))
      .sort(byTimeSpent);
    totalCents = centsFromCentSeconds(totals.amount_cent_seconds);
  } else {
    const dimension: Dimension = input.group_by;
    const rows = await summaryByDimension(ctx.db, q, dimension);
    totals = sumAggregates(rows);
    const none = dimension === 'client' ? '(no client)' : dimension === 'task' ? '(no task)' : null;
    groups = toGroups(rows, true)
      .map((g) => (g.key === null && none !== null ? { ...g, label: none } : g))
      .sort(byTimeSpent);
    totalCents = centsFromCentSeconds(totals.amount_cent_seconds);
  }

  if (rounding?.scope === 'day') {
    const days = buckets(from, to, 'day', timezone, weekStart);
    const unit = isBucket(input.group_by) ? input.group_by : null;
    const cellKey: CellKey = unit === null ? (input.group_by as CellKey) : 'none';
    const cells = await dailyCells(ctx.db, q, days, cellKey);
    const rates = await projectRates(ctx.db, [...new Set(cells.map((c) => c.project_id))]);
    const keyOf =
      unit === null
        ? (c: { gkey: string | null }) => c.gkey
        : (c: { day: number }) => bucketKey((days[c.day] as { start: number }).start, unit, timezone, weekStart);
    const byGroup = roundCells(cells, rounding, rates, keyOf);
    const rows = groups.map((g) => ({ ...g, ...(byGroup.get(g.key) ?? ZERO) }));
    const tag = input.group_by === 'tag';
    const cents = tag
      ? rows.map((r) => centsFromCentSeconds(r.amount_cent_seconds))
      : apportionCents(rows.map((r) => r.amount_cent_seconds)).parts;
    groups = rows.map(({ amount_cent_seconds: _a, ...g }, i) => ({ ...g, billable_amount_cents: cents[i] as number }));
    if (!unit) groups.sort(byTimeSpent);
    // Totals: the groups' sum; tags can overlap, so theirs come from the cells without a group.
    const all = tag ? [...roundCells(await dailyCells(ctx.db, q, days, 'none'), rounding, rates, () => null).values()] : rows;
    const sum = all.reduce(
      (t, r) => ({
        seconds: t.seconds + r.seconds,
        billable_seconds: t.billable_seconds + r.billable_seconds,
        amount_cent_seconds: t.amount_cent_seconds + r.amount_cent_seconds,
      }),
      ZERO,
    );
    totals = {
      ...totals,
      seconds: sum.seconds,
      billable_seconds: sum.billable_seconds,
      amount_cent_seconds: sum.amount_cent_seconds,
    };
    totalCents = centsFromCentSeconds(sum.amount_cent_seconds);
  }

  return {
    from,
    to,
    timezone,
    week_start: weekStart,
    group_by: input.group_by,
    scope,
    total_seconds: totals.seconds,
    billable_seconds: totals.billable_seconds,
    billable_amount_cents: totalCents,
    currency: ctx.config.CURRENCY,
    entries_without_rate: totals.entries_without_rate,
    entry_count: totals.entry_count,
    groups,
    rounding,
    filters,
  };
}

/** GET /reports/summary: the summary, and `report.viewed` with the grouping and the range length only. */
export async function summaryReport(ctx: AppContext, principal: Principal, input: SummaryInput): Promise<Summary> {
  const summary = await computeSummary(ctx, principal, input);
  track('report.viewed', { group_by: summary.group_by, range_days: rangeDays(summary.from, summary.to) });
  return summary;
}
