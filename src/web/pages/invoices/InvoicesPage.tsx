// Invoices (administrators): newest first, filtered by status and client (in the address bar), a page at a time.
// New drafts come from a report ("Create invoice") or from "New invoice" here: a client, a range and a grouping.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queries, type InvoiceFilters } from '../../api/queries.js';
import { ListEmpty, ListStates, ListTable, NewButton } from '../../components/crud.js';
import { Field, PageHeader } from '../../components/ui.js';
import { Link, setQuery, useLocation } from '../../lib/router.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt } from '../../state/session.js';
import { INVOICE_STATUSES } from '../../../shared/schemas/invoicing.js';
import { LoadMore } from '../entries/LoadMore.js';
import { CreateInvoiceDialog, type InvoiceRequest } from './CreateInvoiceDialog.js';
import { InvoiceStatusBadge, isoDateText, STATUS_LABELS, useInvoiceNumber } from './invoice-format.js';

type Status = (typeof INVOICE_STATUSES)[number];

/** The list's filters as the address bar holds them (`?status=issued&client=3`); anything else is ignored. */
export function invoiceFilters(query: URLSearchParams): InvoiceFilters {
  const status = query.get('status');
  const client = Number(query.get('client'));
  return {
    ...(status && (INVOICE_STATUSES as readonly string[]).includes(status) ? { status: status as Status } : {}),
    ...(Number.isSafeInteger(client) && client > 0 ? { client_id: client } : {}),
  };
}

export function InvoicesPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.invoices'));
  const fmt = useFmt();
  const numberOf = useInvoiceNumber();
  const { query } = useLocation();
  const filters = invoiceFilters(query);
  const list = useInfiniteQuery(queries.invoicePages(filters));
  const clients = useQuery(queries.clients());
  const [creating, setCreating] = useState<InvoiceRequest | null>(null);
  const clientName = (id: number) => clients.data?.find((c) => c.id === id)?.name ?? '';
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = filters.status !== undefined || filters.client_id !== undefined;
  const newInvoice = (
    <NewButton onClick={() => setCreating({ clientId: filters.client_id ?? null })}>{t('invoices.new')}</NewButton>
  );

  return (
    <>
      <PageHeader title={t('nav.invoices')} subtitle={t('invoices.subtitle')}>
        {newInvoice}
      </PageHeader>
      <section className="card filters" aria-label={t('invoices.filters')}>
        <Field label={t('invoices.statusFilter')}>
          {(props) => (
            <select {...props} value={filters.status ?? ''} onChange={(e) => setQuery({ status: e.target.value })}>
              <option value="">{t('invoices.allStatuses')}</option>
              {INVOICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(STATUS_LABELS[s])}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('invoices.client')}>
          {(props) => (
            <select {...props} value={filters.client_id ?? ''} onChange={(e) => setQuery({ client: e.target.value })}>
              <option value="">{t('invoices.allClients')}</option>
              {(clients.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </section>
      <ListStates
        error={list.error}
        retry={() => void list.refetch()}
        loading={list.isPending}
        lines={6}
        empty={
          items.length === 0 && (
            <ListEmpty none={!filtered} title={t('invoices.emptyTitle')} noMatch={t('invoices.noMatch')} action={newInvoice}>
              {t('invoices.emptyBody')}
            </ListEmpty>
          )
        }
      >
        {() => (
          <>
            <ListTable
              actions={false}
              columns={[
                t('invoices.statusColumn'),
                t('invoices.number'),
                t('invoices.client'),
                t('invoices.period'),
                t('invoices.issueDate'),
                t('invoices.dueDate'),
                t('invoices.gross'),
              ]}
            >
              {items.map((invoice) => (
                <tr key={invoice.id}>
                  <td>
                    <InvoiceStatusBadge status={invoice.status} />
                  </td>
                  <td>
                    <Link to={`/invoices/${invoice.id}`}>
                      {invoice.kind === 'credit_note'
                        ? t('invoices.creditNoteNumber', { number: numberOf(invoice) })
                        : numberOf(invoice)}
                    </Link>
                  </td>
                  <td>{clientName(invoice.client_id)}</td>
                  <td>{t('invoices.periodText', { from: isoDateText(fmt, invoice.from), to: isoDateText(fmt, invoice.to) })}</td>
                  <td>{isoDateText(fmt, invoice.issue_date)}</td>
                  <td>{isoDateText(fmt, invoice.due_date)}</td>
                  <td className="num">{fmt.money(invoice.gross_total, invoice.currency)}</td>
                </tr>
              ))}
            </ListTable>
            <LoadMore
              hasMore={list.hasNextPage}
              loading={list.isFetchingNextPage}
              pages={list.data?.pages.length ?? 0}
              onLoad={() => void list.fetchNextPage()}
            />
          </>
        )}
      </ListStates>
      <CreateInvoiceDialog request={creating} onClose={() => setCreating(null)} />
    </>
  );
}
