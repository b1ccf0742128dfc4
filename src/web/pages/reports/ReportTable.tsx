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
  /** Grouped by client (administrators): a "Create invoice" button on each client's row. */
  onInvoice?: (clientId: number) => void;
}

export function ReportTable({ data, groups, groupBy, colors, onInvoice }: Props) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const groupLabel = t(GROUP_LABEL[groupBy]);
  const currency = data.currency;
  const invoicing = onInvoice !== undefined && groupBy === 'client';
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
            {invoicing && (
              <th scope="col">
                <span className="sr-only">{t('list.actions')}</span>
              </th>
            )}
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
              {invoicing && (
                <td>
                  {g.key !== null && (
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      aria-label={t('invoices.createFor', { client: labelOf(g, groupBy, fmt) })}
                      onClick={() => onInvoice(Number(g.key))}
                    >
                      {t('invoices.create')}
                    </button>
                  )}
                </td>
              )}
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
            {invoicing && <td />}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
