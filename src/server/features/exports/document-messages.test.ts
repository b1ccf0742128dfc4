import { describe, expect, it } from 'vitest';
import { documentFormat } from './document-format.js';
import { DOCUMENT_CATALOGUES, DOCUMENT_LANGUAGES, documentLanguage, documentLocale } from './document-messages.js';
import { EXPORT_COLUMNS } from './export-rows.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('document messages', () => {
  const english = DOCUMENT_CATALOGUES.en;

  it.each(DOCUMENT_LANGUAGES)('%s has every key, none empty, with the same placeholders as English', (language) => {
    const catalogue = DOCUMENT_CATALOGUES[language] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect(catalogue[key]?.trim(), `${language}: ${key}`).toBeTruthy();
      expect(placeholders(catalogue[key]!), `${language}: ${key}`).toEqual(placeholders(text));
    }
  });

  it('labels every export column in every language', () => {
    for (const language of DOCUMENT_LANGUAGES) {
      const catalogue = DOCUMENT_CATALOGUES[language] as Record<string, string>;
      for (const column of EXPORT_COLUMNS) expect(catalogue[`column.${column}`], `${language}: ${column}`).toBeTruthy();
    }
  });

  it('picks the catalogue by the primary language and falls back to English', () => {
    expect(documentLanguage('de-AT')).toBe('de');
    expect(documentLanguage('FR')).toBe('fr');
    expect(documentLanguage('es-419')).toBe('es');
    expect(documentLanguage('ja-JP')).toBe('en');
    expect(documentLanguage('')).toBe('en');
    expect(documentLocale('de-CH').locale).toBe('de-CH');
    expect(documentLocale('de').t('page.xOfY', { page: 2, pages: 5 })).toBe('Seite 2 von 5');
  });

  it('formats money, dates and times in the locale', () => {
    const fmt = (tag: string, timeFormat: '24h' | '12h' = '24h') =>
      documentFormat({ doc: documentLocale(tag), timeZone: 'Europe/Berlin', currency: 'EUR', timeFormat });
    expect(fmt('de').money(123_450)).toBe('1.234,50\u00a0€');
    expect(fmt('en').money(123_450)).toBe('€1,234.50');
    expect(fmt('fr').money(123_450).replace(/\s/gu, ' ')).toBe('1 234,50 €');
    expect(fmt('de').date('2026-11-05')).toBe('05.11.2026');
    expect(fmt('en').date('2026-11-05')).toBe('Nov 5, 2026');
    expect(fmt('de').month('2026-11')).toBe('November 2026');
    const nine = Date.UTC(2026, 10, 5, 8, 30) / 1000; // 09:30 in Berlin
    expect(fmt('de').time(nine)).toBe('09:30');
    expect(fmt('en', '12h').time(nine)).toMatch(/^9:30\s?AM$/u);
  });
});
