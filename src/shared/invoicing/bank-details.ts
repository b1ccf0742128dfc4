// IBAN and BIC checks, and the EPC069-12 "SEPA credit transfer" QR payload (the GiroCode banking apps scan).

/** "de89 3704 0044 0532 0130 00" → "DE89370400440532013000". */
export const normalizeIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();

/** ISO 13616: two letters, two check digits, up to 30 alphanumerics, and the mod-97 check. */
export function isValidIban(input: string): boolean {
  const iban = normalizeIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const digits = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** ISO 9362: 8 or 11 characters (bank, country, location, optional branch). */
export const isValidBic = (bic: string): boolean => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.trim().toUpperCase());

export interface TransferRequest {
  name: string;
  iban: string;
  bic?: string | null;
  /** Cents in euros; the EPC format carries euros only. */
  amount_cents: number;
  currency: string;
  /** Shown to the payer as the transfer's reference, e.g. the invoice number. */
  remittance: string;
}

/**
 * The EPC069-12 (version 002, UTF-8) payload, or null when no QR code can be offered: not euros, an amount outside
 * 0.01–999,999,999.99, an invalid IBAN, or no beneficiary name. Long texts are cut to the format's limits.
 */
export function epcQrPayload(req: TransferRequest): string | null {
  if (req.currency !== 'EUR') return null;
  if (!Number.isSafeInteger(req.amount_cents) || req.amount_cents < 1 || req.amount_cents > 99_999_999_999) return null;
  if (!isValidIban(req.iban)) return null;
  const name = clean(req.name).slice(0, 70);
  if (!name) return null;
  const bic = req.bic && isValidBic(req.bic) ? req.bic.trim().toUpperCase() : '';
  const amount = `EUR${Math.floor(req.amount_cents / 100)}.${String(req.amount_cents % 100).padStart(2, '0')}`;
  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    bic,
    name,
    normalizeIban(req.iban),
    amount,
    '',
    '',
    clean(req.remittance).slice(0, 140),
  ];
  return lines.join('\n');
}

/** Line breaks would shift the payload's fields: fold all whitespace into single spaces. */
const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();
