import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Chunks } from './csv-encode.js';

describe('Utf8Chunks', () => {
  it('gives back exactly the UTF-8 of what was written, whatever the sizes and characters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ minLength: 300, maxLength: 2000 })), {
          maxLength: 40,
        }),
        fc.integer({ min: 16, max: 4096 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (texts, size, takeAfter) => {
          const chunks = new Utf8Chunks(size);
          const taken: Buffer[] = [];
          texts.forEach((text, i) => {
            chunks.write(text);
            if (takeAfter[i]) taken.push(...chunks.take());
          });
          taken.push(...chunks.take());
          expect(Buffer.concat(taken).toString('utf8')).toBe(texts.join(''));
          expect(taken.every((b) => b.length > 0)).toBe(true);
          expect(chunks.take()).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps handed-out bytes intact while writing on (no buffer is reused under them)', () => {
    const chunks = new Utf8Chunks(64);
    chunks.write('äöü-first');
    const first = chunks.take();
    for (let i = 0; i < 50; i++) chunks.write(`line ${i} 🙂\r\n`);
    chunks.take();
    expect(Buffer.concat(first).toString('utf8')).toBe('äöü-first');
  });
});
