// A client's billing details (what its invoices need): address, country, VAT id, language, tax treatment (with the
// exemption reason an exempt invoice prints), payment terms, currency and the buyer's reference (Leitweg-ID), in a
// collapsible group of the client form. Values are text while typed; billingBody turns them into the API's fields.
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { Client } from '../../api/types.js';
import { LANGUAGE_NAMES } from '../../i18n/index.js';
import { FormSelect, FormText, FormTextarea } from '../../components/form-fields.js';
import { INVOICE_LANGUAGES, TAX_TREATMENTS } from '../../../shared/schemas/invoicing.js';

export const billingForm = {
  address_lines: z.string(),
  postal_code: z.string(),
  city: z.string(),
  country_code: z.string(),
  vat_id: z.string(),
  language: z.string(),
  tax_treatment: z.enum(TAX_TREATMENTS),
  exemption_reason: z.string(),
  payment_terms_days: z.string(),
  currency: z.string(),
  buyer_reference: z.string(),
};
export type BillingValues = { [K in keyof typeof billingForm]: z.infer<(typeof billingForm)[K]> };

/** One street line per line of text; empty lines are dropped. */
export const addressLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const orNull = (text: string) => text.trim() || null;

export function billingBody(v: BillingValues) {
  const days = v.payment_terms_days.trim();
  return {
    address_lines: addressLines(v.address_lines),
    postal_code: orNull(v.postal_code),
    city: orNull(v.city),
    country_code: orNull(v.country_code),
    vat_id: orNull(v.vat_id),
    language: (orNull(v.language) as Client['language']) ?? null,
    tax_treatment: v.tax_treatment,
    exemption_reason: orNull(v.exemption_reason),
    // Not a number: passed on as NaN so the shared schema refuses it beside the field.
    payment_terms_days: days ? Number(days) : null,
    currency: orNull(v.currency),
    buyer_reference: orNull(v.buyer_reference),
  };
}

export function billingDefaults(item: Client | null): BillingValues {
  return {
    address_lines: item?.address_lines.join('\n') ?? '',
    postal_code: item?.postal_code ?? '',
    city: item?.city ?? '',
    country_code: item?.country_code ?? '',
    vat_id: item?.vat_id ?? '',
    language: item?.language ?? '',
    tax_treatment: item?.tax_treatment ?? 'standard',
    exemption_reason: item?.exemption_reason ?? '',
    payment_terms_days: item?.payment_terms_days === null || item === null ? '' : String(item.payment_terms_days),
    currency: item?.currency ?? '',
    buyer_reference: item?.buyer_reference ?? '',
  };
}

const TREATMENT_LABELS = {
  standard: 'billing.treatmentStandard',
  reverse_charge: 'billing.treatmentReverseCharge',
  exempt: 'billing.treatmentExempt',
} as const;

export function BillingFields({ open }: { open: boolean }) {
  const { t } = useTranslation();
  const treatment = useFormContext<BillingValues>().watch('tax_treatment');
  return (
    <details className="billing-details" open={open}>
      <summary>{t('billing.title')}</summary>
      <div className="stack">
        <FormTextarea name="address_lines" label={t('billing.address')} hint={t('billing.addressHint')} rows={2} />
        <div className="row">
          <FormText name="postal_code" label={t('billing.postalCode')} autoComplete="off" />
          <FormText name="city" label={t('billing.city')} autoComplete="off" />
        </div>
        <div className="row">
          <FormText name="country_code" label={t('billing.country')} hint={t('billing.countryHint')} maxLength={2} />
          <FormText name="vat_id" label={t('billing.vatId')} />
        </div>
        <div className="row">
          <FormSelect name="tax_treatment" label={t('billing.taxTreatment')}>
            {TAX_TREATMENTS.map((tt) => (
              <option key={tt} value={tt}>
                {t(TREATMENT_LABELS[tt])}
              </option>
            ))}
          </FormSelect>
          <FormSelect name="language" label={t('billing.language')}>
            <option value="">{t('billing.languageDefault')}</option>
            {INVOICE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </FormSelect>
        </div>
        {treatment === 'exempt' && (
          <FormText name="exemption_reason" label={t('billing.exemptionReason')} hint={t('billing.exemptionHint')} />
        )}
        <div className="row">
          <FormText
            name="payment_terms_days"
            label={t('billing.paymentTerms')}
            inputMode="numeric"
            hint={t('billing.paymentTermsHint')}
          />
          <FormText name="currency" label={t('billing.currency')} hint={t('billing.currencyHint')} maxLength={3} />
        </div>
        <FormText name="buyer_reference" label={t('billing.buyerReference')} hint={t('billing.buyerReferenceHint')} />
      </div>
    </details>
  );
}
