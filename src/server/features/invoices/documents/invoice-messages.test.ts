import { describe, expect, it } from 'vitest';
import { DOCUMENT_LANGUAGES } from '../../exports/document-messages.js';
import { INVOICE_CATALOGUES, invoiceLocale } from './invoice-messages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('invoice messages', () => {
  const english = INVOICE_CATALOGUES.en;

  it.each(DOCUMENT_LANGUAGES)('%s has every key, none empty, with the same placeholders as English', (language) => {
    const catalogue = INVOICE_CATALOGUES[language] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect(catalogue[key]?.trim(), `${language}: ${key}`).toBeTruthy();
      expect(placeholders(catalogue[key]!), `${language}: ${key}`).toEqual(placeholders(text));
    }
  });

  it('picks the catalogue by the invoice language and falls back to English', () => {
    expect(invoiceLocale('de-AT').t('title.invoice')).toBe('Rechnung');
    expect(invoiceLocale('fr').t('page.xOfY', { page: 1, pages: 2 })).toBe('Page 1 sur 2');
    expect(invoiceLocale('es').t('terms.payable', { days: 30 })).toBe('Pagadero en un plazo de 30 días sin descuento.');
    expect(invoiceLocale('ja').t('title.creditNote')).toBe('Credit note');
  });
});
