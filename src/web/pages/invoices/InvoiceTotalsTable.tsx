// The totals of an invoice: net, one row per tax group (category and rate), tax and gross — live while a draft is
// edited, the stored figures once issued.
import { useTranslation } from 'react-i18next';
import { formatRate } from '../../../shared/invoicing/decimal.js';
import type { TaxCategory } from '../../../shared/invoicing/invoice-totals.js';
import { useFmt } from '../../state/session.js';
import { MoneyCents } from './invoice-format.js';

export interface TaxRow {
  category: TaxCategory;
  /** Hundredths of a percent. */
  rate: number;
  taxable: number;
  tax: number;
}

const CATEGORY_LABELS = {
  S: 'invoices.taxStandard',
  Z: 'invoices.taxZero',
  AE: 'invoices.taxReverseCharge',
  E: 'invoices.taxExempt',
} as const;

export function InvoiceTotalsTable({
  currency,
  taxes,
  net,
  tax,
  gross,
}: {
  currency: string;
  taxes: TaxRow[];
  net: number;
  tax: number;
  gross: number;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <section className="card invoice-totals" aria-label={t('invoices.totals')} aria-live="polite">
      <table className="table">
        <tbody>
          <tr>
            <th scope="row">{t('invoices.netTotal')}</th>
            <td className="num" data-testid="invoice-net">
              <MoneyCents cents={net} currency={currency} />
            </td>
          </tr>
          {taxes.map((g) => (
            <tr key={`${g.category}:${g.rate}`}>
              <th scope="row">
                {t(CATEGORY_LABELS[g.category], {
                  rate: fmt.decimal(formatRate(g.rate)),
                  taxable: fmt.money(g.taxable / 100, currency),
                })}
              </th>
              <td className="num">
                <MoneyCents cents={g.tax} currency={currency} />
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('invoices.taxTotal')}</th>
            <td className="num" data-testid="invoice-tax">
              <MoneyCents cents={tax} currency={currency} />
            </td>
          </tr>
          <tr className="invoice-gross">
            <th scope="row">{t('invoices.grossTotal')}</th>
            <td className="num" data-testid="invoice-gross">
              <MoneyCents cents={gross} currency={currency} />
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
