import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, patternProblem, sequenceKey } from './invoice-number.js';

describe('invoice number patterns', () => {
  it('fills the date parts and pads the sequence', () => {
    expect(formatInvoiceNumber('{YYYY}-{seq:4}', '2026-12-05', 42)).toBe('2026-0042');
    expect(formatInvoiceNumber('RE/{YY}{MM}/{seq}', '2027-01-31', 7)).toBe('RE/2701/7');
    expect(formatInvoiceNumber('{seq:3}', '2026-01-01', 12345)).toBe('12345'); // grows past its width, never cut
  });
  it('starts again each year when the pattern has the year, and never when it has not', () => {
    expect(sequenceKey('{YYYY}-{seq:4}', '2026-12-31')).not.toBe(sequenceKey('{YYYY}-{seq:4}', '2027-01-01'));
    expect(sequenceKey('INV-{seq:5}', '2026-12-31')).toBe(sequenceKey('INV-{seq:5}', '2027-01-01'));
    expect(sequenceKey('{YYYY}{MM}-{seq}', '2026-11-30')).not.toBe(sequenceKey('{YYYY}{MM}-{seq}', '2026-12-01'));
  });
  it('gives different sequence numbers different invoice numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (a, b) => {
        fc.pre(a !== b);
        expect(formatInvoiceNumber('{YYYY}-{seq:4}', '2026-05-01', a)).not.toBe(
          formatInvoiceNumber('{YYYY}-{seq:4}', '2026-05-01', b),
        );
      }),
    );
  });
  it('accepts sensible patterns and says what is wrong with the others', () => {
    for (const ok of ['{YYYY}-{seq:4}', 'INV {seq}', 'RE/{YY}/{MM}/#{seq:10}']) expect(patternProblem(ok), ok).toBeNull();
    for (const bad of [
      '',
      '{YYYY}',
      '{seq}{seq}',
      '{seq:0}',
      '{seq:11}',
      '{DD}-{seq}',
      'x'.repeat(41) + '{seq}',
      '<b>{seq}',
      '{seq}\n',
    ])
      expect(patternProblem(bad), bad).toEqual(expect.any(String));
  });
});
