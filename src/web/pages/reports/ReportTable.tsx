// The report as a table: one row per group (time, billable time, amount, entries) and the totals.
import { useTranslation } from 'react-i18next';
import type { GroupBy, Summary, SummaryGroup } from '../../api/types.js';
import { formatDuration } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import { GROUP_INLINE, GROUP_LABEL, labelOf, TIME_GROUPS } from './report-groups.js';

interface Props {
  data: Summary;
  groups: SummaryGroup[];
  groupBy: GroupBy;
  colors: string[];
}

export function ReportTable({ data, groups, groupBy, colors }: Props) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const groupLabel = t(GROUP_LABEL[groupBy]);
  const currency = data.currency;
  return (
    <section className="card table-card">
      <table className="table report-table">
        <caption className="sr-only">{t('reports.summaryBy', { group: t(GROUP_INLINE[groupBy]) })}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col" className="num">
              {t('reports.time')}
            </th>
            <th scope="col" className="num">
              {t('common.billable')}
            </th>
            <th scope="col" className="num">
              {t('reports.amount')}
            </th>
            <th scope="col" className="num">
              {t('reports.entries')}
            </th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <tr key={`${String(g.key)}-${i}`}>
              <td data-label={groupLabel}>
                {/* Days, weeks and months are one series (one bar colour): no colour key beside them. */}
                {!TIME_GROUPS.has(groupBy) && <span className="dot" style={{ background: colors[i] }} aria-hidden="true" />}{' '}
                {labelOf(g, groupBy, fmt)}
              </td>
              <td className="num mono" data-label={t('reports.time')}>
                {formatDuration(g.seconds)}
              </td>
              <td className="num mono" data-label={t('common.billable')}>
                {formatDuration(g.billable_seconds)}
              </td>
              <td className="num" data-label={t('reports.amount')}>
                {fmt.money(g.billable_amount, currency)}
              </td>
              <td className="num" data-label={t('reports.entries')}>
                {fmt.decimal(g.entry_count)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('reports.total')}</th>
            <td className="num mono" data-label={t('reports.time')}>
              {formatDuration(data.total_seconds)}
            </td>
            <td className="num mono" data-label={t('common.billable')}>
              {formatDuration(data.billable_seconds)}
            </td>
            <td className="num" data-label={t('reports.amount')}>
              {fmt.money(data.billable_amount, currency)}
            </td>
            <td className="num" data-label={t('reports.entries')}>
              {fmt.decimal(groups.reduce((s, g) => s + g.entry_count, 0))}
            </td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
