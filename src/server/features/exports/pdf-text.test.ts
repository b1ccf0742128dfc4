import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MISSING_GLYPH, printable, visualRuns } from './pdf-text.js';

const texts = (s: string) => visualRuns(s).map((r) => r.text);

describe('visualRuns', () => {
  it('leaves left-to-right text as one piece', () => {
    expect(visualRuns('Website relaunch 2026')).toEqual([{ text: 'Website relaunch 2026', rtl: false }]);
  });

  it('puts the words of a right-to-left run in visual order, each word in logical order', () => {
    expect(texts('שלום עולם')).toEqual(['עולם', ' ', 'שלום']);
    expect(texts('abc שלום עולם def')).toEqual(['abc ', 'עולם', ' ', 'שלום', ' def']);
  });

  it('orders a right-to-left paragraph with embedded Latin and numbers as the bidi algorithm does', () => {
    // Logical "שלום abc 123!" in an RTL paragraph reads, left to right on the page: "!", "abc 123", " ", "שלום".
    expect(texts('שלום abc 123!')).toEqual(['!', 'abc 123', ' ', 'שלום']);
    expect(texts('مرحبا 42')).toEqual(['42', ' ', 'مرحبا']);
  });

  it('keeps every character, whatever the mix of scripts', () => {
    const pieces = fc.constantFrom('a', 'Z', ' ', '1', '(', ')', '-', 'א', 'ש', 'م', 'ر', 'é', '😀', '日');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (chars) => {
        const text = chars.join('');
        const sorted = (s: string) => [...s].sort().join('');
        expect(sorted(texts(text).join(''))).toBe(sorted(text));
      }),
    );
  });
});

describe('printable', () => {
  it('keeps what the embedded font draws and marks what it cannot', () => {
    expect(printable('Café Ωmega Жук שלום مرحبا 😀 €')).toBe('Café Ωmega Жук שלום مرحبا 😀 €');
    expect(printable('日本 ok')).toBe(`${MISSING_GLYPH}${MISSING_GLYPH} ok`);
  });
});
