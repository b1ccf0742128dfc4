// Dashboard: the timer, today's and this week's totals with the weekly goal, the last 7 days by project, recent
// work to start again, and the projects' budgets (the most used first; no card without budgets).
import { useTranslation } from 'react-i18next';
import { BudgetsCard } from '../../components/BudgetsCard.js';
import { PageHeader } from '../../components/ui.js';
import { Link } from '../../lib/router.js';
import { usePageTitle } from '../../lib/title.js';
import { RecentEntries } from './RecentEntries.js';
import { Stats } from './Stats.js';
import { TimerCard } from './TimerCard.js';
import { WeekChart } from './WeekChart.js';

export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.dashboard'));
  return (
    <>
      <PageHeader title={t('nav.dashboard')}>
        <Link to="/entries?new=1" className="btn">
          {t('common.newEntry')} <kbd aria-hidden="true">n</kbd>
        </Link>
      </PageHeader>
      <TimerCard />
      <Stats />
      <div className="grid-2">
        <WeekChart />
        <RecentEntries />
      </div>
      <BudgetsCard id="dashboard-budgets" note={t('budgets.cardHint')} />
    </>
  );
}
