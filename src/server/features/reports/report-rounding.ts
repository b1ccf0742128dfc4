// The report rounding (a user preference, or the request's override) and per-day rounding of summary groups.
// Stored times never change; every rounding is roundDuration (shared/time-math.ts) through applyRounding.
import {
  applyRounding,
  type ReportRounding,
  type ReportRoundingScope,
  type RoundingMethod,
  type RoundingMinutes,
  type RoundingRule,
} from '../../../shared/time-math.js';
import type { UserRow } from '../../db/schema.js';
import type { DailyCell } from './daily-cells.queries.js';

export interface RoundingRequest {
  rounding?: ReportRoundingScope;
  rounding_minutes?: RoundingMinutes;
  rounding_method?: RoundingMethod;
}

/** The request's rounding where it names one, else the user's report rounding preference. */
export function resolveReportRounding(request: RoundingRequest, user: UserRow): ReportRounding {
  const scope = request.rounding ?? user.report_rounding;
  if (scope === 'none') return null;
  return {
    scope,
    minutes: request.rounding_minutes ?? (user.report_rounding_minutes as RoundingMinutes),
    method: request.rounding_method ?? user.report_rounding_method,
  };
}

export interface RoundedSums {
  seconds: number;
  billable_seconds: number;
  amount_cent_seconds: number;
}

/**
 * Rounds every cell (one user's time on one local day, per project, billable flag and group) by `rule` and adds the
 * rounded cells up per group key (`keyOf`); billable cells are priced with their project's rate (none: no amount).
 */
export function roundCells(
  cells: readonly DailyCell[],
  rule: RoundingRule,
  rates: ReadonlyMap<number, number>,
  keyOf: (cell: DailyCell) => string | null,
): Map<string | null, RoundedSums> {
  const sums = new Map<string | null, RoundedSums>();
  for (const cell of cells) {
    const rounded = applyRounding(cell.seconds, rule);
    const key = keyOf(cell);
    const sum = sums.get(key) ?? { seconds: 0, billable_seconds: 0, amount_cent_seconds: 0 };
    sum.seconds += rounded;
    if (cell.billable) {
      sum.billable_seconds += rounded;
      sum.amount_cent_seconds += rounded * (rates.get(cell.project_id) ?? 0);
    }
    sums.set(key, sum);
  }
  return sums;
}
