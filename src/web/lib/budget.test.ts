// Budgets as people read them: which budget speaks (the one further along), the tones at 80 % and 100 %, monthly
// budgets, and the order of the dashboard's card.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetState, budgetTone, byBudgetUse, type BudgetFigures } from './budget.js';

const figures = (over: Partial<BudgetFigures> = {}): BudgetFigures => ({
  budget_hours: null,
  budget_amount: null,
  budget_period: 'total',
  budget_used: null,
  spent_seconds: 0,
  spent_amount: null,
  ...over,
});

describe('budgetState', () => {
  it('is null without a budget', () => {
    expect(budgetState(figures({ spent_seconds: 3600 }))).toBeNull();
  });

  it('reads a budget of zero as the server does: unused until anything is spent, then over', () => {
    expect(budgetState(figures({ budget_hours: 0, budget_used: 0 }))?.tone).toBe('ok');
    const spent = budgetState(figures({ budget_hours: 0, spent_seconds: 600, budget_used: 1 }));
    expect(spent?.tone).toBe('over');
    expect(spent?.basis).toEqual({ kind: 'time', limit: 0, spent: 600, over: 600 });
  });

  it('speaks of time at 85 % of 40 h, with a warning', () => {
    const state = budgetState(figures({ budget_hours: 40, spent_seconds: 34 * 3600, budget_used: 0.85 }));
    expect(state).toEqual({
      used: 0.85,
      tone: 'warn',
      monthly: false,
      basis: { kind: 'time', limit: 144_000, spent: 122_400, over: 0 },
    });
  });

  it('says by how much time is over, and is over from 100 %', () => {
    const state = budgetState(figures({ budget_hours: 10, spent_seconds: 13.5 * 3600, budget_used: 1.35 }));
    expect(state?.tone).toBe('over');
    expect(state?.basis).toEqual({ kind: 'time', limit: 36_000, spent: 48_600, over: 12_600 });
    expect(budgetState(figures({ budget_hours: 10, spent_seconds: 36_000, budget_used: 1 }))?.tone).toBe('over');
  });

  it('names the money budget when it is further along than the time budget', () => {
    const state = budgetState(
      figures({
        budget_hours: 100,
        budget_amount: '1000.00',
        spent_seconds: 10 * 3600,
        spent_amount: '1200.00',
        budget_used: 1.2,
      }),
    );
    expect(state?.basis).toEqual({ kind: 'money', limit: 1000, spent: 1200, over: 200 });
    expect(state?.tone).toBe('over');
  });

  it('takes a money budget alone, and a project without a rate has spent nothing of it', () => {
    expect(budgetState(figures({ budget_amount: '500.00', spent_amount: null, budget_used: 0 }))?.basis).toEqual({
      kind: 'money',
      limit: 500,
      spent: 0,
      over: 0,
    });
  });

  it('knows a monthly budget', () => {
    expect(budgetState(figures({ budget_hours: 8, budget_period: 'monthly', budget_used: 0.1 }))?.monthly).toBe(true);
  });

  it('works out the share itself when the server has not (an older answer)', () => {
    expect(budgetState(figures({ budget_hours: 2, spent_seconds: 5400 }))?.used).toBe(0.75);
  });

  it('has a tone that only grows with use', () => {
    const rank = { ok: 0, warn: 1, over: 2 };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(rank[budgetTone(low)]).toBeLessThanOrEqual(rank[budgetTone(high)]);
        expect(budgetTone(low) === 'ok').toBe(low < 0.8);
        expect(budgetTone(high) === 'over').toBe(high >= 1);
      }),
    );
  });
});

describe('byBudgetUse', () => {
  it('leaves out projects without a budget and puts the most used first', () => {
    const p = (name: string, used: number | null) =>
      ({ name, ...figures(used === null ? {} : { budget_hours: 10, budget_used: used }) }) as BudgetFigures & { name: string };
    const order = byBudgetUse([p('Calm', 0.2), p('None', null), p('Over', 1.4), p('Close', 0.85), p('Also calm', 0.2)]);
    expect(order.map((x) => x.project.name)).toEqual(['Over', 'Close', 'Also calm', 'Calm']);
  });
});
