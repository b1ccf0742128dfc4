// A draft invoice as an editor: its lines (add, remove, a discount as a line with a negative price), notes and dates,
// with the totals and the tax summary recomputed while typing by the same arithmetic the server stores
// (draft-lines.ts → src/shared/invoicing). Save replaces the lines; Issue saves first, then asks the server for a
// number, and names what is missing when the server refuses (invoice_incomplete).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client.js';
import { invoicesChanged, keys } from '../../api/queries.js';
import type { Invoice } from '../../api/types.js';
import { useConfirm } from '../../components/ConfirmDialog.js';
import { IsoDateInput } from '../../components/DateInput.js';
import { toast, toastError } from '../../components/toasts.js';
import { Field, FormError } from '../../components/ui.js';
import { navigate } from '../../lib/router.js';
import { draftTotals, emptyLine, lineTexts, linesBody, type LineText } from './draft-lines.js';
import { InvoiceTotalsTable } from './InvoiceTotalsTable.js';
import { IssueProblems } from './IssueProblems.js';
import { MoneyCents, UNIT_LABELS } from './invoice-format.js';

export function DraftEditor({ invoice, clientName }: { invoice: Invoice; clientName: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, confirmDialog] = useConfirm();
  const [lines, setLines] = useState<LineText[]>(() => lineTexts(invoice.lines));
  const [notes, setNotes] = useState(invoice.notes ?? '');
  const [issueDate, setIssueDate] = useState(invoice.issue_date ?? '');
  const [dueDate, setDueDate] = useState(invoice.due_date ?? '');
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [missing, setMissing] = useState<Record<string, unknown> | null>(null);
  const live = useMemo(() => draftTotals(lines, invoice.tax_treatment), [lines, invoice.tax_treatment]);
  const invalid = live.invalid.some((fields) => fields.length > 0);
  const defaultRate = lines[0]?.tax_rate ?? '0';

  const change = (key: string, patch: Partial<LineText>) => {
    setLines((all) => all.map((l) => (l.key === key ? { ...l, ...patch } : l)));
    setDirty(true);
  };
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setDirty(true);
    };

  const save = useMutation({
    mutationFn: () =>
      api.patch('/invoices/{id}', {
        params: { path: { id: invoice.id } },
        body: { lines: linesBody(lines), notes: notes.trim() || null, issue_date: issueDate || null, due_date: dueDate || null },
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.invoices.one(invoice.id), saved);
      setDirty(false);
      void invoicesChanged(queryClient);
    },
  });
  const issue = useMutation({
    mutationFn: async () => {
      if (dirty) await save.mutateAsync();
      return api.post('/invoices/{id}/issue', { params: { path: { id: invoice.id } } });
    },
    onSuccess: (issued) => {
      queryClient.setQueryData(keys.invoices.one(invoice.id), issued);
      void invoicesChanged(queryClient, { entries: true });
      toast(t('invoices.issued', { number: issued.number ?? '' }), { kind: 'success' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'invoice_incomplete' && error.details.fields)
        setMissing(error.details.fields as Record<string, unknown>);
      else setProblem(error.message);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete('/invoices/{id}', { params: { path: { id: invoice.id } } }),
    onSuccess: () => {
      void invoicesChanged(queryClient, { entries: true });
      navigate('/invoices', { replace: true });
    },
    onError: toastError,
  });

  const onSave = () => {
    setProblem(null);
    save.mutate(undefined, { onError: (error) => setProblem(error.message) });
  };
  const onIssue = async () => {
    setProblem(null);
    setMissing(null);
    const ok = await confirm({
      title: t('invoices.issue'),
      body: t('invoices.issueConfirm'),
      confirmLabel: t('invoices.issue'),
    });
    if (ok) issue.mutate();
  };
  const onDelete = async () => {
    const ok = await confirm({
      title: t('invoices.deleteDraft'),
      body: t('invoices.deleteConfirm'),
      confirmLabel: t('invoices.deleteDraft'),
      tone: 'danger',
    });
    if (ok) remove.mutate();
  };
  const busy = save.isPending || issue.isPending || remove.isPending;

  return (
    <div className="stack">
      <section className="card table-card invoice-lines">
        <table className="table">
          <caption className="sr-only">{t('invoices.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('invoices.description')}</th>
              <th scope="col">{t('invoices.quantity')}</th>
              <th scope="col">{t('invoices.unitColumn')}</th>
              <th scope="col">{t('invoices.unitPrice')}</th>
              <th scope="col">{t('invoices.taxRate')}</th>
              <th scope="col" className="num">
                {t('invoices.net')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('list.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => {
              const bad = new Set(live.invalid[i]);
              const n = String(i + 1);
              const net = live.lineNet[i] ?? null;
              return (
                <tr key={line.key}>
                  <td data-label={t('invoices.description')}>
                    <input
                      aria-label={t('invoices.lineDescription', { n })}
                      aria-invalid={bad.has('description') || undefined}
                      value={line.description}
                      onChange={(e) => change(line.key, { description: e.target.value })}
                    />
                  </td>
                  <DecimalCell
                    column={t('invoices.quantity')}
                    label={t('invoices.lineQuantity', { n })}
                    invalid={bad.has('quantity')}
                    value={line.quantity}
                    onChange={(value) => change(line.key, { quantity: value })}
                  />
                  <td data-label={t('invoices.unitColumn')}>
                    <select
                      aria-label={t('invoices.lineUnit', { n })}
                      value={line.unit}
                      onChange={(e) => change(line.key, { unit: e.target.value as LineText['unit'] })}
                    >
                      <option value="hour">{t(UNIT_LABELS.hour)}</option>
                      <option value="item">{t(UNIT_LABELS.item)}</option>
                    </select>
                  </td>
                  <DecimalCell
                    column={t('invoices.unitPrice')}
                    label={t('invoices.linePrice', { n })}
                    invalid={bad.has('unit_price')}
                    value={line.unit_price}
                    onChange={(value) => change(line.key, { unit_price: value })}
                  />
                  <DecimalCell
                    column={t('invoices.taxRate')}
                    label={t('invoices.lineTaxRate', { n })}
                    invalid={bad.has('tax_rate')}
                    value={line.tax_rate}
                    onChange={(value) => change(line.key, { tax_rate: value })}
                  />
                  <td className="num" data-label={t('invoices.net')} data-testid={`line-net-${n}`}>
                    {net === null ? '–' : <MoneyCents cents={net} currency={invoice.currency} />}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn btn-ghost btn-small btn-danger-text"
                      aria-label={t('invoices.removeLine', { n })}
                      disabled={lines.length === 1}
                      onClick={() => {
                        setLines((all) => all.filter((l) => l.key !== line.key));
                        setDirty(true);
                      }}
                    >
                      ×
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="form-actions invoice-line-actions">
          <button type="button" className="btn" onClick={() => edit(setLines)([...lines, emptyLine(defaultRate)])}>
            {t('invoices.addLine')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => edit(setLines)([...lines, { ...emptyLine(defaultRate, true), description: t('invoices.discount') }])}
          >
            {t('invoices.addDiscount')}
          </button>
        </div>
        {invalid && <p className="field-error">{t('invoices.linesInvalid')}</p>}
      </section>
      <InvoiceTotalsTable
        currency={invoice.currency}
        taxes={live.totals.taxes.map((g) => ({ rate: g.rate, category: g.category, taxable: g.taxable_cents, tax: g.tax_cents }))}
        net={live.totals.net_cents}
        tax={live.totals.tax_cents}
        gross={live.totals.gross_cents}
      />
      <section className="card stack">
        <div className="row">
          <Field label={t('invoices.issueDate')} hint={t('invoices.issueDateHint')}>
            {(props) => <IsoDateInput {...props} value={issueDate} onChange={edit(setIssueDate)} />}
          </Field>
          <Field label={t('invoices.dueDate')} hint={t('invoices.dueDateHint')}>
            {(props) => <IsoDateInput {...props} value={dueDate} onChange={edit(setDueDate)} />}
          </Field>
        </div>
        <Field label={t('invoices.notes')}>
          {(props) => <textarea {...props} rows={3} value={notes} onChange={(e) => edit(setNotes)(e.target.value)} />}
        </Field>
        <FormError message={problem} />
        {missing && <IssueProblems fields={missing} clientName={clientName} />}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" disabled={busy || invalid || !dirty} onClick={onSave}>
            {dirty ? t('invoices.save') : t('invoices.saved')}
          </button>
          <button type="button" className="btn" disabled={busy || invalid} onClick={() => void onIssue()}>
            {t('invoices.issue')}
          </button>
          <a className="btn btn-ghost" href={`/api/v1/invoices/${invoice.id}.pdf`} download>
            {t('invoices.previewPdf')}
          </a>
          <button type="button" className="btn btn-ghost btn-danger-text" disabled={busy} onClick={() => void onDelete()}>
            {t('invoices.deleteDraft')}
          </button>
        </div>
      </section>
      {confirmDialog}
    </div>
  );
}

/** A table cell with a decimal field (quantity, price, tax rate): typed as text, read by shared/invoicing. */
function DecimalCell(props: {
  column: string;
  label: string;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <td data-label={props.column}>
      <input
        className="invoice-number-input"
        inputMode="decimal"
        aria-label={props.label}
        aria-invalid={props.invalid || undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </td>
  );
}
