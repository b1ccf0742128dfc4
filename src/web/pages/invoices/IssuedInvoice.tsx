// An issued (paid, void) invoice: read-only, as frozen at issue. Its documents (Factur-X PDF, XRechnung UBL or CII),
// and what may still happen to it: the payment, voiding (the number stays used, the entries are freed) and a
// credit note.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { invoicesChanged, keys } from '../../api/queries.js';
import type { Invoice } from '../../api/types.js';
import { useConfirm } from '../../components/ConfirmDialog.js';
import { IsoDateInput } from '../../components/DateInput.js';
import { toast, toastError } from '../../components/toasts.js';
import { Dialog, Field, FormError } from '../../components/ui.js';
import { navigate } from '../../lib/router.js';
import { nowEpoch } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import { parseDecimal, RATE_SCALE } from '../../../shared/invoicing/decimal.js';
import { InvoiceTotalsTable } from './InvoiceTotalsTable.js';
import { isoDateText, UNIT_LABELS } from './invoice-format.js';

const cents = (money: string) => parseDecimal(money, 2, { signed: true }) ?? 0;

export function IssuedInvoice({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const queryClient = useQueryClient();
  const [confirm, confirmDialog] = useConfirm();
  const [paying, setPaying] = useState(false);
  const path = { params: { path: { id: invoice.id } } };
  const changed = (next: Invoice, entries = false) => {
    queryClient.setQueryData(keys.invoices.one(invoice.id), next);
    void invoicesChanged(queryClient, { entries });
  };
  const voidIt = useMutation({
    mutationFn: () => api.post('/invoices/{id}/void', path),
    onSuccess: (next) => {
      changed(next, true);
      toast(t('invoices.voided'), { kind: 'success' });
    },
    onError: toastError,
  });
  const creditNote = useMutation({
    mutationFn: () => api.post('/invoices/{id}/credit-note', path),
    onSuccess: (note) => {
      void invoicesChanged(queryClient);
      navigate(`/invoices/${note.id}`);
    },
    onError: toastError,
  });
  const onVoid = async () => {
    const ok = await confirm({
      title: t('invoices.void'),
      body: t('invoices.voidConfirm'),
      confirmLabel: t('invoices.void'),
      tone: 'danger',
    });
    if (ok) voidIt.mutate();
  };
  const onCreditNote = async () => {
    const ok = await confirm({
      title: t('invoices.creditNote'),
      body: t('invoices.creditNoteConfirm'),
      confirmLabel: t('invoices.creditNote'),
    });
    if (ok) creditNote.mutate();
  };
  const busy = voidIt.isPending || creditNote.isPending;
  const base = `/api/v1/invoices/${invoice.id}`;

  return (
    <div className="stack">
      <section className="card invoice-meta">
        <dl className="invoice-facts">
          <dt>{t('invoices.issueDate')}</dt>
          <dd>{isoDateText(fmt, invoice.issue_date)}</dd>
          <dt>{t('invoices.dueDate')}</dt>
          <dd>{isoDateText(fmt, invoice.due_date)}</dd>
          {invoice.paid_at && (
            <>
              <dt>{t('invoices.paidOn')}</dt>
              <dd>{isoDateText(fmt, invoice.paid_at)}</dd>
            </>
          )}
          {invoice.voided_at && (
            <>
              <dt>{t('invoices.voidedOn')}</dt>
              <dd>{fmt.date(Date.parse(invoice.voided_at) / 1000)}</dd>
            </>
          )}
        </dl>
        <div className="form-actions">
          <a className="btn btn-primary" href={`${base}.pdf`} download>
            {t('invoices.downloadPdf')}
          </a>
          <a className="btn" href={`${base}.xml?syntax=ubl`} download>
            {t('invoices.downloadUbl')}
          </a>
          <a className="btn" href={`${base}.xml?syntax=cii`} download>
            {t('invoices.downloadCii')}
          </a>
        </div>
      </section>
      <section className="card table-card">
        <table className="table">
          <caption className="sr-only">{t('invoices.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invoices.description')}</th>
              <th scope="col" className="num">
                {t('invoices.quantity')}
              </th>
              <th scope="col">{t('invoices.unitColumn')}</th>
              <th scope="col" className="num">
                {t('invoices.unitPrice')}
              </th>
              <th scope="col" className="num">
                {t('invoices.taxRate')}
              </th>
              <th scope="col" className="num">
                {t('invoices.net')}
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.description}</td>
                <td className="num">{fmt.decimal(line.quantity)}</td>
                <td>{t(UNIT_LABELS[line.unit])}</td>
                <td className="num">{fmt.money(line.unit_price, invoice.currency)}</td>
                <td className="num">{fmt.decimal(line.tax_rate)}</td>
                <td className="num">{fmt.money(line.net_amount, invoice.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <InvoiceTotalsTable
        currency={invoice.currency}
        taxes={invoice.taxes.map((g) => ({
          category: g.category,
          rate: parseDecimal(g.rate, RATE_SCALE) ?? 0,
          taxable: cents(g.taxable_amount),
          tax: cents(g.tax_amount),
        }))}
        net={cents(invoice.net_total)}
        tax={cents(invoice.tax_total)}
        gross={cents(invoice.gross_total)}
      />
      {invoice.notes && (
        <section className="card">
          <h2>{t('invoices.notes')}</h2>
          <p className="pre-wrap">{invoice.notes}</p>
        </section>
      )}
      {invoice.status !== 'void' && (
        <section className="card form-actions">
          {invoice.status === 'issued' && (
            <button type="button" className="btn" disabled={busy} onClick={() => setPaying(true)}>
              {t('invoices.markPaid')}
            </button>
          )}
          {invoice.kind === 'invoice' && (
            <button type="button" className="btn" disabled={busy} onClick={() => void onCreditNote()}>
              {t('invoices.creditNote')}
            </button>
          )}
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void onVoid()}>
            {t('invoices.void')}
          </button>
        </section>
      )}
      <Dialog open={paying} title={t('invoices.markPaid')} onClose={() => setPaying(false)}>
        {paying && <PayForm invoice={invoice} onDone={(next) => (setPaying(false), next && changed(next))} />}
      </Dialog>
      {confirmDialog}
    </div>
  );
}

function PayForm({ invoice, onDone }: { invoice: Invoice; onDone: (paid: Invoice | null) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [day, setDay] = useState(() => fmt.dayKey(nowEpoch()));
  const pay = useMutation({
    mutationFn: () => api.post('/invoices/{id}/pay', { params: { path: { id: invoice.id } }, body: { paid_at: day } }),
    onSuccess: (paid) => onDone(paid),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pay.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label={t('invoices.paidOn')}>{(props) => <IsoDateInput {...props} value={day} onChange={setDay} />}</Field>
      <FormError message={pay.error?.message} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pay.isPending}>
          {t('invoices.markPaid')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
