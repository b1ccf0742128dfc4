// "Create invoice": a draft from a client's billable, not yet invoiced time in a range (from a report, or "New
// invoice" on the invoices page). The server gathers the entries; 409 nothing_to_invoice is said in words.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { invoicesChanged, queries } from '../../api/queries.js';
import { IsoDateInput } from '../../components/DateInput.js';
import { Dialog, Field, FormError } from '../../components/ui.js';
import { navigate } from '../../lib/router.js';
import { GROUPING_LABELS } from './invoice-format.js';
import { INVOICE_GROUPINGS } from '../../../shared/schemas/invoicing.js';

export interface InvoiceRequest {
  clientId?: number | null;
  /** `YYYY-MM-DD` in the user's time zone, both inclusive. */
  from?: string;
  to?: string;
  projectIds?: number[];
}

type Grouping = (typeof INVOICE_GROUPINGS)[number];

export function CreateInvoiceDialog({ request, onClose }: { request: InvoiceRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={request !== null} title={t('invoices.create')} onClose={onClose}>
      {request && <CreateInvoiceForm request={request} onClose={onClose} />}
    </Dialog>
  );
}

function CreateInvoiceForm({ request, onClose }: { request: InvoiceRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const clients = useQuery(queries.clients());
  const [clientId, setClientId] = useState<number | null>(request.clientId ?? null);
  const [from, setFrom] = useState(request.from ?? '');
  const [to, setTo] = useState(request.to ?? '');
  const [groupBy, setGroupBy] = useState<Grouping>('project');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { client_id: number; from: string; to: string; group_by: Grouping; project_ids?: number[] }) =>
      api.post('/invoices', { body }),
    onSuccess: async (invoice) => {
      await invoicesChanged(queryClient, { entries: true });
      onClose();
      navigate(`/invoices/${invoice.id}`);
    },
    onError: (error) => setProblem(error.message),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (clientId === null) return setProblem(t('invoices.pickClient'));
    if (!from || !to) return setProblem(t('invoices.pickRange'));
    setProblem(null);
    const projects = request.projectIds?.length ? { project_ids: request.projectIds } : {};
    create.mutate({ client_id: clientId, from, to, group_by: groupBy, ...projects });
  };
  const active = (clients.data ?? []).filter((c) => c.status === 'active' || c.id === clientId);
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <Field label={t('invoices.client')}>
        {(props) => (
          <select {...props} value={clientId ?? ''} onChange={(e) => setClientId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('invoices.chooseClient')}</option>
            {active.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="row">
        <Field label={t('invoices.from')}>{(props) => <IsoDateInput {...props} value={from} onChange={setFrom} />}</Field>
        <Field label={t('invoices.to')}>{(props) => <IsoDateInput {...props} value={to} onChange={setTo} />}</Field>
      </div>
      <Field label={t('invoices.groupBy')} hint={request.projectIds?.length ? t('invoices.projectsOfReport') : undefined}>
        {(props) => (
          <select {...props} value={groupBy} onChange={(e) => setGroupBy(e.target.value as Grouping)}>
            {INVOICE_GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(GROUPING_LABELS[g])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError message={problem} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('invoices.createDraft')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
