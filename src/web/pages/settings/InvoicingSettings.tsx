// Settings → Invoicing (administrators): who issues the invoices (company, address, tax ids, bank, contact), the
// defaults (tax rate, payment terms, language, footer), the number pattern with a live example, and the logo.
// react-hook-form checked with the shared schema the server validates with (invoicingSettingsBody).
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { FormProvider, useForm, type Path } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { formatInvoiceNumber, patternProblem } from '../../../shared/invoicing/invoice-number.js';
import { invoicingSettingsBody } from '../../../shared/schemas/invoicing.js';
import { api, csrfHeader } from '../../api/client.js';
import { keys, queries } from '../../api/queries.js';
import type { InvoicingSettings } from '../../api/types.js';
import { FormActions } from '../../components/crud.js';
import { FormSelect, FormText, FormTextarea, MessagesContext, placeServerError } from '../../components/form-fields.js';
import { toast, toastError } from '../../components/toasts.js';
import { ErrorPanel, FormError, Skeleton } from '../../components/ui.js';
import { nowEpoch } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import { INVOICE_LANGUAGES } from '../../../shared/schemas/invoicing.js';
import { checkedBy } from '../catalog/form-values.js';
import { addressLines } from '../catalog/client-billing.js';
import { LANGUAGE_NAMES } from '../../i18n/index.js';

const TEXT_FIELDS = [
  'company_name',
  'address_lines',
  'postal_code',
  'city',
  'country_code',
  'vat_id',
  'tax_number',
  'iban',
  'bic',
  'email',
  'phone',
  'default_tax_rate',
  'payment_terms_days',
  'number_pattern',
  'language',
  'footer',
] as const;
const settingsForm = z.object(
  Object.fromEntries(TEXT_FIELDS.map((f) => [f, z.string()])) as Record<(typeof TEXT_FIELDS)[number], z.ZodString>,
);
type SettingsValues = z.infer<typeof settingsForm>;

const orNull = (text: string) => text.trim() || null;
function toBody(v: SettingsValues) {
  const days = v.payment_terms_days.trim();
  return {
    company_name: orNull(v.company_name),
    address_lines: addressLines(v.address_lines),
    postal_code: orNull(v.postal_code),
    city: orNull(v.city),
    country_code: orNull(v.country_code),
    vat_id: orNull(v.vat_id),
    tax_number: orNull(v.tax_number),
    iban: v.iban,
    bic: v.bic,
    email: orNull(v.email),
    phone: orNull(v.phone),
    default_tax_rate: v.default_tax_rate.trim().replace(',', '.'),
    payment_terms_days: days ? Number(days) : Number.NaN,
    number_pattern: v.number_pattern.trim(),
    language: v.language as InvoicingSettings['language'],
    footer: orNull(v.footer),
  };
}

function defaults(s: InvoicingSettings): SettingsValues {
  return {
    company_name: s.company_name ?? '',
    address_lines: s.address_lines.join('\n'),
    postal_code: s.postal_code ?? '',
    city: s.city ?? '',
    country_code: s.country_code ?? '',
    vat_id: s.vat_id ?? '',
    tax_number: s.tax_number ?? '',
    iban: s.iban ?? '',
    bic: s.bic ?? '',
    email: s.email ?? '',
    phone: s.phone ?? '',
    default_tax_rate: s.default_tax_rate,
    payment_terms_days: String(s.payment_terms_days),
    number_pattern: s.number_pattern,
    language: s.language,
    footer: s.footer ?? '',
  };
}

export function InvoicingSettingsSection() {
  const { t } = useTranslation();
  const settings = useQuery(queries.invoicingSettings());
  return (
    <section className="card" aria-labelledby="invoicing-title" id="invoicing">
      <h2 id="invoicing-title">{t('invoicingSettings.title')}</h2>
      <p className="muted small">{t('invoicingSettings.subtitle')}</p>
      {settings.error ? (
        <ErrorPanel error={settings.error} retry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton lines={6} />
      ) : (
        <>
          <SettingsForm settings={settings.data} />
          <LogoField hasLogo={settings.data.has_logo} />
        </>
      )}
    </section>
  );
}

function SettingsForm({ settings }: { settings: InvoicingSettings }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const queryClient = useQueryClient();
  const form = useForm<SettingsValues>({
    defaultValues: defaults(settings),
    resolver: zodResolver(checkedBy(settingsForm, toBody, invoicingSettingsBody), undefined, { raw: true }),
  });
  const save = useMutation({
    mutationFn: (body: ReturnType<typeof toBody>) => api.patch('/settings/invoicing', { body }),
    onSuccess: (saved) => queryClient.setQueryData(keys.invoicingSettings, saved),
  });
  const submit = form.handleSubmit(async (values) => {
    try {
      const saved = await save.mutateAsync(toBody(values));
      form.reset(defaults(saved));
      toast(t('invoicingSettings.saved'), { kind: 'success' });
    } catch (error) {
      const formError = placeServerError(error, [...TEXT_FIELDS], (name, message) =>
        form.setError(name as Path<SettingsValues>, { type: 'server', message }),
      );
      if (formError) form.setError('root.server', { type: 'server', message: formError });
    }
  });
  const pattern = form.watch('number_pattern').trim();
  const example = patternProblem(pattern) === null ? formatInvoiceNumber(pattern, fmt.dayKey(nowEpoch()), 1) : null;
  const busy = form.formState.isSubmitting;
  return (
    <FormProvider {...form}>
      <MessagesContext.Provider value={{}}>
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <FormText name="company_name" label={t('invoicingSettings.companyName')} />
          <FormTextarea name="address_lines" label={t('billing.address')} hint={t('billing.addressHint')} rows={2} />
          <div className="row">
            <FormText name="postal_code" label={t('billing.postalCode')} />
            <FormText name="city" label={t('billing.city')} />
          </div>
          <div className="row">
            <FormText name="country_code" label={t('billing.country')} hint={t('billing.countryHint')} maxLength={2} />
            <FormText name="vat_id" label={t('billing.vatId')} />
          </div>
          <div className="row">
            <FormText name="tax_number" label={t('invoicingSettings.taxNumber')} hint={t('invoicingSettings.taxIdsHint')} />
            <FormText name="email" label={t('invoicingSettings.email')} type="email" />
          </div>
          <div className="row">
            <FormText name="iban" label={t('invoicingSettings.iban')} autoComplete="off" />
            <FormText name="bic" label={t('invoicingSettings.bic')} autoComplete="off" />
          </div>
          <div className="row">
            <FormText name="phone" label={t('invoicingSettings.phone')} type="tel" />
            <FormText name="default_tax_rate" label={t('invoicingSettings.defaultTaxRate')} inputMode="decimal" />
          </div>
          <div className="row">
            <FormText
              name="payment_terms_days"
              label={t('billing.paymentTerms')}
              inputMode="numeric"
              hint={t('invoicingSettings.paymentTermsHint')}
            />
            <FormSelect name="language" label={t('billing.language')}>
              {INVOICE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </FormSelect>
          </div>
          <FormText
            name="number_pattern"
            label={t('invoicingSettings.numberPattern')}
            hint={example ? t('invoicingSettings.numberExample', { example }) : t('invoicingSettings.numberPatternHint')}
          />
          <FormTextarea name="footer" label={t('invoicingSettings.footer')} rows={2} />
          <FormActions
            error={form.formState.errors.root?.server?.message ?? null}
            busy={busy}
            submit={busy ? t('common.saving') : t('invoicingSettings.save')}
          />
        </form>
      </MessagesContext.Provider>
    </FormProvider>
  );
}

const LOGO_URL = '/api/v1/settings/invoicing/logo';

/** The logo: PUT as the raw image (PNG or JPEG), shown from GET, removed with DELETE. */
function LogoField({ hasLogo }: { hasLogo: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const changed = () => {
    setVersion((v) => v + 1);
    void queryClient.invalidateQueries({ queryKey: keys.invoicingSettings });
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setProblem(null);
    const answer = await fetch(LOGO_URL, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', ...csrfHeader() },
      body: file,
    });
    if (answer.ok) changed();
    else setProblem(answer.status === 413 ? t('invoicingSettings.logoTooLarge') : t('invoicingSettings.logoRefused'));
  };
  const remove = async () => {
    try {
      await api.delete('/settings/invoicing/logo');
      changed();
    } catch (error) {
      toastError(error);
    }
  };
  return (
    <div className="stack invoicing-logo">
      <h3>{t('invoicingSettings.logo')}</h3>
      {hasLogo && (
        <img src={`${LOGO_URL}?v=${version}`} alt={t('invoicingSettings.logoPreview')} className="invoicing-logo-preview" />
      )}
      <div className="form-actions">
        <label className="btn">
          {hasLogo ? t('invoicingSettings.replaceLogo') : t('invoicingSettings.uploadLogo')}
          <input type="file" accept="image/png,image/jpeg" className="sr-only" onChange={(e) => void upload(e)} />
        </label>
        {hasLogo && (
          <button type="button" className="btn btn-ghost btn-danger-text" onClick={() => void remove()}>
            {t('invoicingSettings.removeLogo')}
          </button>
        )}
      </div>
      <p className="muted small">{t('invoicingSettings.logoHint')}</p>
      <FormError message={problem} />
    </div>
  );
}
