import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlapErrors, type FileSpan, type StoredSpan } from './import-overlaps.js';

const T = 1_800_000_000;

describe('overlapErrors', () => {
  it('names the stored entry or the row a row overlaps; touching intervals are fine', () => {
    const stored: StoredSpan[] = [
      { id: 7, start_time: T, end_time: T + 3600 },
      { id: 9, start_time: T + 7200, end_time: null },
    ];
    const rows: FileSpan[] = [
      { row: 2, start: T - 600, end: T }, // touches entry 7
      { row: 3, start: T + 3000, end: T + 3700 }, // overlaps 7
      { row: 4, start: T + 3600, end: T + 4000 }, // touches 7, overlaps row 3
      { row: 5, start: T + 5000, end: T + 6000 },
      { row: 6, start: T + 90_000, end: T + 90_060 }, // after the running timer's start
    ];
    expect(overlapErrors(rows, stored)).toEqual([
      { row: 3, message: 'overlaps your entry 7 (2027-01-15T08:00:00Z to 2027-01-15T09:00:00Z); overlaps row 4 of this file' },
      { row: 4, message: 'overlaps row 3 of this file' },
      { row: 6, message: 'overlaps your running timer (started 2027-01-15T10:00:00Z)' },
    ]);
  });

  it('flags exactly the rows a pairwise check flags, on hostile files too (property)', () => {
    const span = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 60 }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 40 }), fc.array(span, { maxLength: 15 }), (rowSpans, storedSpans) => {
        const rows = rowSpans.map(([s, len], i) => ({ row: i + 2, start: s, end: s + len }));
        // Stored entries of a valid database do not overlap each other: lay them end to end with gaps.
        let at = -50;
        const stored = storedSpans.map(([gap, len], i) => {
          const e = { id: i + 1, start_time: at + gap, end_time: at + gap + len };
          at = e.end_time;
          return e;
        });
        const hit = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
        const expected = rows
          .filter(
            (r) =>
              stored.some((e) => hit(r, { start: e.start_time, end: e.end_time })) ||
              rows.some((o) => o.row !== r.row && hit(r, o)),
          )
          .map((r) => r.row);
        const errors = overlapErrors(rows, stored);
        expect(errors.map((e) => e.row)).toEqual(expected);
        for (const e of errors) {
          const r = rows.find((x) => x.row === e.row)!;
          for (const m of e.message.matchAll(/row (\d+) of this file/g))
            expect(
              hit(
                r,
                rows.find((x) => x.row === Number(m[1]))!,
              ),
            ).toBe(true);
          for (const m of e.message.matchAll(/your entry (\d+)/g)) {
            const s = stored.find((x) => x.id === Number(m[1]))!;
            expect(hit(r, { start: s.start_time, end: s.end_time })).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
