// The issuer's data and the defaults of new invoices (admin). Stored as one JSON value so a new field needs no
// migration; unknown or missing fields fall back to the defaults below. The logo is stored apart (it is large and
// read only when a PDF is drawn).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { validationFailed } from '../../http/errors.js';
import { deleteSetting, readSetting, writeSetting } from './settings.queries.js';
import { MAX_LOGO_PIXELS, readLogoImage } from './logo-image.js';

const SETTINGS_KEY = 'invoicing';
const LOGO_KEY = 'invoicing.logo';
/** Logos are drawn about 4 cm wide; 256 kB is plenty for that and keeps every PDF small. */
export const MAX_LOGO_BYTES = 256 * 1024;

export interface InvoicingSettings {
  company_name: string | null;
  address_lines: string[];
  postal_code: string | null;
  city: string | null;
  country_code: string | null;
  vat_id: string | null;
  tax_number: string | null;
  iban: string | null;
  bic: string | null;
  email: string | null;
  /** The contact telephone XRechnung asks for (BR-DE-6). */
  phone: string | null;
  /** Hundredths of a percent. */
  default_tax_rate: number;
  payment_terms_days: number;
  number_pattern: string;
  language: 'en' | 'de' | 'fr' | 'es';
  footer: string | null;
}

export const DEFAULT_SETTINGS: InvoicingSettings = {
  company_name: null,
  address_lines: [],
  postal_code: null,
  city: null,
  country_code: null,
  vat_id: null,
  tax_number: null,
  iban: null,
  bic: null,
  email: null,
  phone: null,
  // No tax until the admin says which: a wrong default rate would be printed on real invoices.
  default_tax_rate: 0,
  payment_terms_days: 14,
  number_pattern: '{YYYY}-{seq:4}',
  language: 'en',
  footer: null,
};

export async function getInvoicingSettings(db: Kysely<DB>): Promise<InvoicingSettings> {
  const stored = await readSetting(db, SETTINGS_KEY);
  if (!stored) return { ...DEFAULT_SETTINGS };
  const parsed = JSON.parse(stored) as Partial<InvoicingSettings>;
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof InvoicingSettings)[]) {
    if (parsed[key] !== undefined) (settings as Record<string, unknown>)[key] = parsed[key];
  }
  return settings;
}

export async function changeInvoicingSettings(db: Kysely<DB>, patch: Partial<InvoicingSettings>): Promise<InvoicingSettings> {
  return db.transaction().execute(async (trx) => {
    const next = { ...(await getInvoicingSettings(trx)) };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) (next as Record<string, unknown>)[key] = value;
    await writeSetting(trx, SETTINGS_KEY, JSON.stringify(next));
    return next;
  });
}

export interface Logo {
  mime: 'image/png' | 'image/jpeg';
  bytes: Buffer;
}

export async function setLogo(db: Kysely<DB>, bytes: Buffer): Promise<void> {
  if (bytes.length > MAX_LOGO_BYTES) throw validationFailed({ logo: `must be at most ${MAX_LOGO_BYTES / 1024} kB` });
  // The whole image is read, not only its first bytes: a damaged one would break every invoice PDF after it.
  const image = readLogoImage(bytes);
  if (!image) {
    throw validationFailed({
      logo: `must be a whole PNG or JPEG image of at most ${MAX_LOGO_PIXELS / 1024 / 1024} megapixels (this file is not, or is damaged)`,
    });
  }
  await writeSetting(db, LOGO_KEY, JSON.stringify({ mime: image.mime, base64: bytes.toString('base64') }));
}

export async function getLogo(db: Kysely<DB>): Promise<Logo | null> {
  const stored = await readSetting(db, LOGO_KEY);
  if (!stored) return null;
  const { mime, base64 } = JSON.parse(stored) as { mime: Logo['mime']; base64: string };
  return { mime, bytes: Buffer.from(base64, 'base64') };
}

export const removeLogo = (db: Kysely<DB>): Promise<void> => deleteSetting(db, LOGO_KEY);
