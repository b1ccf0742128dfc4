// Budgets in words and colour: the projects list's bar and sentence, the dashboard's card (most used first, gone
// without budgets), money in the user's language and the instance currency.
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectsPage } from '../pages/catalog/projects.js';
import { aProject, renderWithApp } from '../testing/render.js';
import { BudgetsCard } from './BudgetsCard.js';

afterEach(cleanup);

const HOUR = 3600;
const calm = aProject(1, 'Calm', { budget_hours: 100, spent_seconds: 10 * HOUR, budget_used: 0.1 });
const close = aProject(2, 'Close', { budget_hours: 40, spent_seconds: 34 * HOUR, budget_used: 0.85 });
const over = aProject(3, 'Over', { budget_hours: 10, spent_seconds: 13.5 * HOUR, budget_used: 1.35 });
const money = aProject(4, 'Money', {
  budget_amount: '1000.00',
  spent_amount: '1120.50',
  budget_period: 'monthly',
  budget_used: 1.1205,
});
const none = aProject(5, 'No budget');

const budgetOf = (name: string) =>
  screen.getByRole('row', { name: new RegExp(`^${name} `) }).querySelector('[data-testid="budget"]');

describe('budgets', () => {
  it('on the projects list: the share used, a warning from 80 %, by how much a budget is over', async () => {
    await renderWithApp(<ProjectsPage />, { catalog: { projects: [calm, close, over, money, none] } });
    expect(budgetOf('Calm')?.textContent).toBe('10% of 100 h used');
    expect(budgetOf('Calm')?.className).toContain('budget-ok');
    expect(budgetOf('Close')?.textContent).toBe('Almost used up 85% of 40 h used');
    expect(budgetOf('Close')?.className).toContain('budget-warn');
    expect(budgetOf('Over')?.textContent).toBe('Over budget by 3:30');
    expect(budgetOf('Over')?.className).toContain('budget-over');
    expect(budgetOf('Money')?.textContent).toBe('Over budget by €120.50 this month');
    expect(budgetOf('No budget')).toBeNull();
  });

  it('says money in the user’s language', async () => {
    await renderWithApp(<ProjectsPage />, { catalog: { projects: [money] }, language: 'de' });
    expect(budgetOf('Money')?.textContent?.replace(/\s/g, ' ')).toBe('Budget in diesem Monat um 120,50 € überschritten');
  });

  it('on the dashboard: the most used first, archived projects left out', async () => {
    const archived = aProject(6, 'Old', { budget_hours: 1, spent_seconds: 5 * HOUR, budget_used: 5, status: 'archived' });
    await renderWithApp(<BudgetsCard id="b" />, { catalog: { projects: [calm, none, close, archived, over] } });
    const card = screen.getByRole('region', { name: 'Budgets' });
    expect(
      within(card)
        .getAllByRole('listitem')
        .map((li) => li.querySelector('strong')?.textContent),
    ).toEqual(['Over', 'Close', 'Calm']);
  });

  it('shows no card when no project has a budget', async () => {
    await renderWithApp(<BudgetsCard id="b" />, { catalog: { projects: [none] } });
    expect(screen.queryByRole('region', { name: 'Budgets' })).toBeNull();
  });
});
