// A project's budget as a bar and a sentence: "82 % of 40 h used", "Over budget by 3:30". The tone (warning from
// 80 %, over from 100 %) is said in words as well as colour; money in the user's language and the instance currency.
import { useTranslation } from 'react-i18next';
import { budgetState, type BudgetFigures, type BudgetState } from '../lib/budget.js';
import { formatDuration } from '../lib/time.js';
import { useFmt, useSession } from '../state/session.js';
import { Badge } from './ui.js';

/** The sentence for a budget state, e.g. "82 % of 40 h used this month". */
export function useBudgetText(): (state: BudgetState) => string {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { currency } = useSession().info;
  return (state) => {
    const { basis, monthly } = state;
    const money = (n: number) => fmt.money(n, currency);
    if (basis.over > 0) {
      const amount = basis.kind === 'time' ? formatDuration(basis.over) : money(basis.over);
      return t(monthly ? 'budgets.overMonthly' : 'budgets.over', { amount });
    }
    const limit = basis.kind === 'time' ? t('common.hours', { hours: fmt.hours(basis.limit) }) : money(basis.limit);
    if (state.tone === 'over') return t(monthly ? 'budgets.usedUpMonthly' : 'budgets.usedUp', { limit });
    return t(monthly ? 'budgets.usedMonthly' : 'budgets.used', { percent: fmt.percent(Math.floor(state.used * 100)), limit });
  };
}

export function BudgetMeter({ project }: { project: BudgetFigures }) {
  const { t } = useTranslation();
  const text = useBudgetText();
  const state = budgetState(project);
  if (!state) return <span className="muted">—</span>;
  return (
    <div className={`budget budget-${state.tone}`} data-testid="budget">
      <div className="progress" aria-hidden="true">
        <div className="progress-bar" style={{ width: `${Math.min(100, state.used * 100)}%` }} />
      </div>
      <span className="budget-text small">
        {state.tone === 'warn' && (
          <>
            <Badge tone="warn">{t('budgets.nearly')}</Badge>{' '}
          </>
        )}
        {text(state)}
      </span>
    </div>
  );
}
