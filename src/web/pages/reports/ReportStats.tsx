// The report's three headline numbers: total time, billable time (and its share), billable amount; and the
// rounding the server applied to them (the summary's `rounding`), said beside the totals.
import { useTranslation } from 'react-i18next';
import type { Summary } from '../../api/types.js';
import { Skeleton } from '../../components/ui.js';
import { Link } from '../../lib/router.js';
import { formatDuration } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';

export function ReportStatsSkeleton() {
  return (
    <div className="stats">
      {[0, 1, 2].map((i) => (
        <section key={i} className="card stat">
          <Skeleton lines={2} />
        </section>
      ))}
    </div>
  );
}

export function ReportStats({ data }: { data: Summary }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const share = data.total_seconds ? Math.round((data.billable_seconds / data.total_seconds) * 100) : 0;
  return (
    <div className="stats" aria-live="polite">
      <section className="card stat" aria-labelledby="r-total">
        <h2 id="r-total">{t('reports.total')}</h2>
        <p className="stat-value mono" data-testid="report-total">
          {formatDuration(data.total_seconds)}
        </p>
        <p className="muted small">{t('reports.hoursTotal', { hours: fmt.hours(data.total_seconds) })}</p>
      </section>
      <section className="card stat" aria-labelledby="r-billable">
        <h2 id="r-billable">{t('common.billable')}</h2>
        <p className="stat-value mono" data-testid="report-billable">
          {formatDuration(data.billable_seconds)}
        </p>
        <p className="muted small">{t('reports.ofTotal', { percent: fmt.percent(share) })}</p>
      </section>
      <section className="card stat" aria-labelledby="r-amount">
        <h2 id="r-amount">{t('reports.amount')}</h2>
        <p className="stat-value" data-testid="report-amount">
          {fmt.money(data.billable_amount, data.currency)}
        </p>
        <p className="muted small">
          {data.entries_without_rate ? t('reports.withoutRate', { count: data.entries_without_rate }) : t('reports.amountHint')}
        </p>
      </section>
    </div>
  );
}

/** Which rounding the totals carry, as the server applied it (the user's report rounding, or none). */
export function ReportRounding({ rounding }: { rounding: Summary['rounding'] }) {
  const { t } = useTranslation();
  const methods = { nearest: t('settings.nearest'), up: t('settings.up'), down: t('settings.down') } as const;
  const text =
    rounding.scope === 'none' || rounding.minutes === null || rounding.method === null
      ? t('reports.roundingNone')
      : t('reports.roundingApplied', {
          scope: rounding.scope === 'day' ? t('settings.reportDay') : t('settings.reportEntry'),
          method: methods[rounding.method],
          minutes: t('settings.minutes', { count: rounding.minutes }),
        });
  return (
    <p className="muted small report-rounding" data-testid="report-rounding">
      {text} <Link to="/settings#preferences">{t('reports.roundingSettings')}</Link>
    </p>
  );
}
