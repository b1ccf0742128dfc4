// Why a draft cannot be issued yet (409 invoice_incomplete): each missing field of `details.fields` as a sentence
// with a link to the form that holds it — the invoicing settings or the client's billing details.
import { Trans, useTranslation } from 'react-i18next';
import { Link } from '../../lib/router.js';

/** Fields the server names (`settings.city`, `client.vat_id`, `lines`) → the label key of each. */
const FIELD_LABELS = {
  company_name: 'invoiceFields.company_name',
  address_lines: 'invoiceFields.address_lines',
  postal_code: 'invoiceFields.postal_code',
  city: 'invoiceFields.city',
  country_code: 'invoiceFields.country_code',
  vat_id: 'invoiceFields.vat_id',
  tax_number: 'invoiceFields.tax_number',
  email: 'invoiceFields.email',
  phone: 'invoiceFields.phone',
  exemption_reason: 'invoiceFields.exemption_reason',
} as const;

export const SETTINGS_LINK = '/settings#invoicing';

export function IssueProblems({ fields, clientName }: { fields: Record<string, unknown>; clientName: string }) {
  const { t } = useTranslation();
  return (
    <div className="form-error" role="alert">
      <p>{t('invoices.incompleteIntro')}</p>
      <ul>
        {Object.keys(fields).map((path) => {
          const [where, name = ''] = path.split('.');
          const label = name in FIELD_LABELS ? t(FIELD_LABELS[name as keyof typeof FIELD_LABELS]) : name;
          if (where === 'settings')
            return (
              <li key={path}>
                <Trans
                  i18nKey={name === 'vat_id' ? 'invoices.missingSettingsVat' : 'invoices.missingSettings'}
                  values={{ field: label }}
                  components={{ a: <Link to={SETTINGS_LINK} /> }}
                />
              </li>
            );
          if (where === 'client')
            return (
              <li key={path}>
                <Trans
                  i18nKey="invoices.missingClient"
                  values={{ field: label, client: clientName }}
                  components={{ a: <Link to="/clients" /> }}
                />
              </li>
            );
          return <li key={path}>{t('invoices.missingLines')}</li>;
        })}
      </ul>
    </div>
  );
}
