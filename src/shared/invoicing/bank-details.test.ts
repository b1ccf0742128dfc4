import { describe, expect, it } from 'vitest';
import { epcQrPayload, isValidBic, isValidIban, normalizeIban } from './bank-details.js';

describe('IBAN and BIC', () => {
  it('accepts real IBANs in any spacing and case, and finds every single changed digit', () => {
    for (const iban of [
      'DE89370400440532013000',
      'de89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
    ])
      expect(isValidIban(iban), iban).toBe(true);
    const iban = 'DE89370400440532013000';
    for (let i = 2; i < iban.length; i++) {
      const changed = iban.slice(0, i) + String((Number(iban[i]) + 1) % 10) + iban.slice(i + 1);
      expect(isValidIban(changed), changed).toBe(false);
    }
    for (const bad of ['', 'DE8937040044', 'XX00 0000', 'DE89-3704-0044-0532-0130-00']) expect(isValidIban(bad), bad).toBe(false);
    expect(normalizeIban(' de89 3704 ')).toBe('DE893704');
  });
  it('knows the shape of a BIC', () => {
    expect(isValidBic('COBADEFFXXX')).toBe(true);
    expect(isValidBic('cobadeff')).toBe(true);
    expect(isValidBic('COBADE')).toBe(false);
  });
});

describe('EPC069-12 payload', () => {
  const request = {
    name: 'Muster GmbH',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    amount_cents: 41234,
    currency: 'EUR',
    remittance: 'Rechnung 2026-0042',
  };
  it('is the GiroCode text banking apps read', () => {
    expect(epcQrPayload(request)).toBe(
      'BCD\n002\n1\nSCT\nCOBADEFFXXX\nMuster GmbH\nDE89370400440532013000\nEUR412.34\n\n\nRechnung 2026-0042',
    );
  });
  it('offers no code where the format cannot carry the transfer', () => {
    expect(epcQrPayload({ ...request, currency: 'CHF' })).toBeNull();
    expect(epcQrPayload({ ...request, amount_cents: 0 })).toBeNull();
    expect(epcQrPayload({ ...request, amount_cents: 100_000_000_000 })).toBeNull();
    expect(epcQrPayload({ ...request, iban: 'DE00370400440532013000' })).toBeNull();
    expect(epcQrPayload({ ...request, name: '  ' })).toBeNull();
  });
  it('keeps its eleven fields whatever the texts contain, cut to the format’s limits', () => {
    const payload = epcQrPayload({ ...request, bic: null, name: 'A\nB'.repeat(40), remittance: 'x\r\n'.repeat(100) })!;
    const fields = payload.split('\n');
    expect(fields).toHaveLength(11);
    expect(fields[4]).toBe('');
    expect(fields[5]!.length).toBeLessThanOrEqual(70);
    expect(fields[10]!.length).toBeLessThanOrEqual(140);
  });
});
