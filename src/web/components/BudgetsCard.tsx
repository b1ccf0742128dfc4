// Projects' budgets as a card: the most used first (those at 80 % and more lead), each with its bar and sentence.
// Nothing at all when none of the projects has a budget. The dashboard shows every active project's budget, the
// reports page those of the projects in the report.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Project } from '../api/types.js';
import { byBudgetUse } from '../lib/budget.js';
import { projectColor, useProjects } from '../state/data.js';
import { BudgetMeter } from './BudgetMeter.js';
import { ColorDot } from './ui.js';

export function BudgetsCard({
  title,
  include,
  note,
  limit = 6,
  id,
}: {
  /** The card's heading (default: "Budgets"). */
  title?: string;
  /** Which projects count (default: the active ones). */
  include?: (project: Project) => boolean;
  note?: ReactNode;
  limit?: number;
  id: string;
}) {
  const { t } = useTranslation();
  const { projects } = useProjects();
  const listed = byBudgetUse(projects.filter(include ?? ((p) => p.status === 'active'))).slice(0, limit);
  if (listed.length === 0) return null;
  return (
    <section className="card budgets-card" aria-labelledby={id} data-testid="budgets-card">
      <h2 id={id}>{title ?? t('budgets.title')}</h2>
      {note && <p className="muted small">{note}</p>}
      <ul className="budget-list">
        {listed.map(({ project }) => (
          <li key={project.id}>
            <span>
              <ColorDot color={projectColor(project)} /> <strong>{project.name}</strong>
            </span>
            <BudgetMeter project={project} />
          </li>
        ))}
      </ul>
    </section>
  );
}
