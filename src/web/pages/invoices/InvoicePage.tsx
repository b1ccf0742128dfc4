// One invoice (`/invoices/:id`): a draft is an editor, anything issued is read-only with its documents and actions.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import { ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { Link, matchPath, useLocation } from '../../lib/router.js';
import { usePageTitle } from '../../lib/title.js';
import { useFmt } from '../../state/session.js';
import { PAGES } from '../../../shared/routes.js';
import { DraftEditor } from './DraftEditor.js';
import { InvoiceStatusBadge, isoDateText, useInvoiceNumber } from './invoice-format.js';
import { IssuedInvoice } from './IssuedInvoice.js';

export function InvoicePage() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const numberOf = useInvoiceNumber();
  const { path } = useLocation();
  const id = Number(matchPath(PAGES.invoice.path, path)?.id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const invoice = useQuery({ ...queries.invoice(valid ? id : 0), enabled: valid });
  const clients = useQuery(queries.clients());
  const data = invoice.data;
  const title = data
    ? data.kind === 'credit_note'
      ? t('invoices.creditNoteNumber', { number: numberOf(data) })
      : t('invoices.invoiceNumber', { number: numberOf(data) })
    : t('nav.invoices');
  usePageTitle(title);
  const clientName = data ? (clients.data?.find((c) => c.id === data.client_id)?.name ?? '') : '';

  return (
    <>
      <PageHeader
        title={title}
        subtitle={
          data && (
            <>
              <InvoiceStatusBadge status={data.status} /> {clientName} ·{' '}
              {t('invoices.periodText', { from: isoDateText(fmt, data.from), to: isoDateText(fmt, data.to) })}
            </>
          )
        }
      >
        <Link to={PAGES.invoices.path} className="btn btn-ghost">
          {t('invoices.backToList')}
        </Link>
      </PageHeader>
      {!valid ? (
        <ErrorPanel error={new Error(t('invoices.notFound'))} />
      ) : invoice.error ? (
        <ErrorPanel error={invoice.error} retry={() => void invoice.refetch()} />
      ) : !data ? (
        <section className="card">
          <Skeleton lines={6} />
        </section>
      ) : data.status === 'draft' ? (
        <DraftEditor key={data.id} invoice={data} clientName={clientName} />
      ) : (
        <IssuedInvoice invoice={data} />
      )}
    </>
  );
}
