// A project's budget as people read it: how much of it is used, whether that is worth a warning (80 %) or over
// (100 %), and which budget speaks (time or money: the one further along, as the server's budget_used is the larger
// of both). Pure, so the projects list, the dashboard and the reports all say the same.
import type { Project } from '../api/types.js';

/** From this share on a budget is worth a warning. */
export const BUDGET_WARN_AT = 0.8;

export type BudgetTone = 'ok' | 'warn' | 'over';

export type BudgetFigures = Pick<
  Project,
  'budget_hours' | 'budget_amount' | 'budget_period' | 'budget_used' | 'spent_seconds' | 'spent_amount'
>;

export interface BudgetState {
  /** The larger share used of time and money (1 = 100 %). */
  used: number;
  tone: BudgetTone;
  monthly: boolean;
  /** The budget the share is about: time (seconds) or money (a decimal amount). */
  basis:
    { kind: 'time'; limit: number; spent: number; over: number } | { kind: 'money'; limit: number; spent: number; over: number };
}

const amount = (text: string | null): number | null => {
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

export function budgetTone(used: number): BudgetTone {
  if (used >= 1) return 'over';
  return used >= BUDGET_WARN_AT ? 'warn' : 'ok';
}

/** The project's budget state, or null when it has none. */
export function budgetState(p: BudgetFigures): BudgetState | null {
  const moneyLimit = amount(p.budget_amount);
  if (p.budget_hours === null && moneyLimit === null) return null;
  const limitSeconds = p.budget_hours === null ? null : Math.round(p.budget_hours * 3600);
  const spentMoney = amount(p.spent_amount) ?? 0;
  // A budget of zero is used up by anything spent (as the server reads it).
  const share = (spent: number, limit: number) => (limit > 0 ? spent / limit : spent > 0 ? 1 : 0);
  const timeShare = limitSeconds === null ? -1 : share(p.spent_seconds, limitSeconds);
  const moneyShare = moneyLimit === null ? -1 : share(spentMoney, moneyLimit);
  const basis: BudgetState['basis'] =
    limitSeconds !== null && timeShare >= moneyShare
      ? { kind: 'time', limit: limitSeconds, spent: p.spent_seconds, over: Math.max(0, p.spent_seconds - limitSeconds) }
      : {
          kind: 'money',
          limit: moneyLimit ?? 0,
          spent: spentMoney,
          over: Math.max(0, Math.round((spentMoney - (moneyLimit ?? 0)) * 100) / 100),
        };
  // The server's figure is authoritative (it rounds to four decimals); ours only picks which budget to name.
  const used = p.budget_used ?? Math.max(timeShare, moneyShare, 0);
  return { used, tone: budgetTone(used), monthly: p.budget_period === 'monthly', basis };
}

/** Projects with a budget, the most used first (those at 80 % and more lead). */
export function byBudgetUse<T extends BudgetFigures & { name: string }>(
  projects: readonly T[],
): { project: T; state: BudgetState }[] {
  return projects
    .flatMap((project) => {
      const state = budgetState(project);
      return state ? [{ project, state }] : [];
    })
    .sort((a, b) => b.state.used - a.state.used || a.project.name.localeCompare(b.project.name));
}
