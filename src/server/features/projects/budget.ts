// Pure arithmetic of project budgets: which period counts, and how much of a budget is used.
//
// Decisions (docs/tracking-rules.md): a monthly budget counts the entries that START in the current calendar month
// of the instance's time zone (TZ), so every user sees the same figure for a shared project; an entry counts whole
// in the month it starts in. Spent time is the stored duration of finished, kept entries (after the timer-stop
// rounding; the report rounding never applies to budgets). Spent money is billable seconds × the project's rate,
// else its client's default rate, rounded to cents once per project (null when there is no rate).
import { startOfMonth, zonedTimeToEpoch, localDate } from '../../../shared/time-math.js';

export type BudgetPeriod = 'total' | 'monthly';

/** The [from, to) an entry's start must lie in to count, or null for all time. */
export function budgetWindow(period: BudgetPeriod, now: number, tz: string): { from: number; to: number } | null {
  if (period === 'total') return null;
  const from = startOfMonth(now, tz);
  const d = localDate(now, tz);
  const next = d.month === 12 ? { year: d.year + 1, month: 1 } : { year: d.year, month: d.month + 1 };
  return { from, to: zonedTimeToEpoch(next.year, next.month, 1, 0, 0, 0, tz) };
}

/** How much of one budget is used; a zero budget reads 0 until anything is spent, then 1 (used up). */
function share(spent: number, budget: number): number {
  if (budget <= 0) return spent > 0 ? 1 : 0;
  return spent / budget;
}

/**
 * The larger of the time use (spent seconds / budget hours) and the money use (spent cents / budget cents), as a
 * fraction (1 = 100 %), rounded to four decimals; null when the project has neither budget. Money spent without a
 * rate counts as none.
 */
export function budgetUsed(
  budget: { hours: number | null; amountCents: number | null },
  spent: { seconds: number; amountCents: number | null },
): number | null {
  const uses: number[] = [];
  if (budget.hours !== null) uses.push(share(spent.seconds, budget.hours * 3600));
  if (budget.amountCents !== null) uses.push(share(spent.amountCents ?? 0, budget.amountCents));
  if (uses.length === 0) return null;
  return Math.round(Math.max(...uses) * 10_000) / 10_000;
}
