// How an invoice's status and dates show: one badge for list and page, dates (`YYYY-MM-DD` keys) in the user's format.
import { useTranslation } from 'react-i18next';
import type { Invoice } from '../../api/types.js';
import { Badge } from '../../components/ui.js';
import { parseLocalDate, type TimeFormat } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';

const TONES = { draft: 'neutral', issued: 'info', paid: 'good', void: 'bad' } as const;
export const STATUS_LABELS = {
  draft: 'invoices.status.draft',
  issued: 'invoices.status.issued',
  paid: 'invoices.status.paid',
  void: 'invoices.status.void',
} as const;
export const GROUPING_LABELS = {
  project: 'invoices.grouping.project',
  task: 'invoices.grouping.task',
  day: 'invoices.grouping.day',
  entry: 'invoices.grouping.entry',
} as const;
export const UNIT_LABELS = { hour: 'invoices.unit.hour', item: 'invoices.unit.item' } as const;

export function InvoiceStatusBadge({ status }: { status: Invoice['status'] }) {
  const { t } = useTranslation();
  const text = t(STATUS_LABELS[status]);
  return <Badge tone={TONES[status]}>{status === 'void' ? <s>{text}</s> : text}</Badge>;
}

/** A `YYYY-MM-DD` key in the user's date format; '' for none. */
export function isoDateText(fmt: TimeFormat, iso: string | null | undefined): string {
  const d = iso ? parseLocalDate(iso) : null;
  return d ? fmt.formatLocal(d) : '';
}

/** The invoice's number, or "Draft" while it has none. */
export function useInvoiceNumber(): (invoice: Pick<Invoice, 'number'>) => string {
  const { t } = useTranslation();
  return (invoice) => invoice.number ?? t('invoices.draftNumber');
}

/** Cents as money in the invoice's currency and the user's language (Intl). */
export function MoneyCents({ cents, currency }: { cents: number; currency: string }) {
  const fmt = useFmt();
  return <>{fmt.money(cents / 100, currency)}</>;
}
