import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overlaps } from '../../../shared/time-math.js';
import { freeSpans, planCell, summarizeCell, type CellEntry, type Span } from './cell-plan.js';

const H = 3600;
const day: Span = { start: 100 * H, end: 124 * H };
const own = (id: number, start: number, end: number): CellEntry => ({
  id,
  start,
  end,
  seconds: end - start,
  breakSeconds: 0,
  locked: false,
});
const locked = (id: number, start: number, end: number): CellEntry => ({ ...own(id, start, end), locked: true });
const other = (id: number, start: number, end: number) => ({ id, start, end });

describe('planCell', () => {
  it('an empty cell gets one entry at the start of the day', () => {
    expect(planCell({ day, cell: [], others: [], target: 2 * H })).toEqual({
      kind: 'changes',
      changes: { update: [], create: [{ start: day.start, end: day.start + 2 * H }], remove: [] },
    });
  });

  it('after the entries that already sit at the start of the day', () => {
    const plan = planCell({ day, cell: [], others: [other(7, day.start, day.start + 3 * H)], target: H });
    expect(plan).toMatchObject({ changes: { create: [{ start: day.start + 3 * H, end: day.start + 4 * H }] } });
  });

  it('keeps an unchanged total as it is, even when it could not be placed again', () => {
    const cell = [own(1, day.start, day.start + H)];
    expect(planCell({ day, cell, others: [other(2, day.start, day.end)], target: H })).toEqual({
      kind: 'changes',
      changes: { update: [], create: [], remove: [] },
    });
  });

  it('grows and shrinks the first own entry in place, deleting the others', () => {
    const cell = [own(1, day.start + 9 * H, day.start + 10 * H), own(2, day.start + 12 * H, day.start + 13 * H)];
    expect(planCell({ day, cell, others: [], target: 3 * H })).toEqual({
      kind: 'changes',
      changes: { update: [{ id: 1, start: day.start + 9 * H, end: day.start + 12 * H }], create: [], remove: [2] },
    });
    expect(planCell({ day, cell, others: [], target: 0 })).toEqual({
      kind: 'changes',
      changes: { update: [], create: [], remove: [1, 2] },
    });
  });

  it('moves to the earliest stretch long enough when the entry cannot grow where it is', () => {
    const cell = [own(1, day.start + H, day.start + 2 * H)];
    const others = [other(4, day.start, day.start + H), other(5, day.start + 2 * H, day.start + 3 * H)];
    expect(planCell({ day, cell, others, target: 2 * H })).toMatchObject({
      changes: { update: [{ id: 1, start: day.start + 3 * H, end: day.start + 5 * H }], create: [], remove: [] },
    });
  });

  it('splits over the free stretches when none is long enough, and refuses more than the free time', () => {
    const others = [other(5, day.start + H, day.start + 12 * H), other(6, day.start + 13 * H, day.end)];
    expect(planCell({ day, cell: [], others, target: 2 * H })).toMatchObject({
      changes: {
        create: [
          { start: day.start, end: day.start + H },
          { start: day.start + 12 * H, end: day.start + 13 * H },
        ],
      },
    });
    expect(planCell({ day, cell: [], others, target: 2 * H + 1 })).toEqual({
      kind: 'day_full',
      freeSeconds: 2 * H,
      occupiedIds: [5, 6],
    });
  });

  it('never writes over a running timer: it occupies the rest of the day', () => {
    const others = [other(9, day.start + 8 * H, Number.POSITIVE_INFINITY)];
    expect(planCell({ day, cell: [], others, target: 8 * H })).toMatchObject({ kind: 'changes' });
    expect(planCell({ day, cell: [], others, target: 8 * H + 1 })).toMatchObject({ kind: 'day_full', freeSeconds: 8 * H });
  });

  it('keeps locked entries: adds above their time, refuses below it', () => {
    const cell = [locked(3, day.start + 9 * H, day.start + 10 * H)];
    expect(summarizeCell(cell)).toEqual({ seconds: H, lockedSeconds: H, editable: false });
    expect(planCell({ day, cell, others: [], target: 3 * H })).toMatchObject({
      changes: { create: [{ start: day.start, end: day.start + 2 * H }], update: [], remove: [] },
    });
    expect(planCell({ day, cell, others: [], target: H - 1 })).toEqual({ kind: 'locked', lockedSeconds: H, lockedIds: [3] });
    // Down to exactly the locked time: the own entries go, the locked one stays.
    const mixed = [own(1, day.start, day.start + H), ...cell];
    expect(planCell({ day, cell: mixed, others: [], target: H })).toEqual({
      kind: 'changes',
      changes: { update: [], create: [], remove: [1] },
    });
  });

  it('properties: the result adds up to the target, stays in the day and overlaps nothing', () => {
    const span = fc
      .tuple(fc.integer({ min: 0, max: 24 * 60 }), fc.integer({ min: 1, max: 6 * 60 }))
      .map(([m, len]) => ({ start: day.start + m * 60, end: day.start + (m + len) * 60 }));
    fc.assert(
      fc.property(
        fc.array(span, { maxLength: 6 }),
        fc.array(span, { maxLength: 3 }),
        fc.integer({ min: 0, max: 24 * H }),
        (takenRaw, ownRaw, target) => {
          // Existing entries never overlap each other: keep the ones that fit.
          const kept: Span[] = [];
          for (const s of [...ownRaw, ...takenRaw]) if (!kept.some((k) => overlaps(k, s))) kept.push(s);
          const ownSpans = kept.slice(0, Math.min(ownRaw.length, kept.length)).filter((s) => s.start < day.end);
          const others = kept.filter((s) => !ownSpans.includes(s)).map((s, i) => other(100 + i, s.start, s.end));
          const cell = ownSpans.sort((a, b) => a.start - b.start).map((s, i) => own(i + 1, s.start, s.end));
          const plan = planCell({ day, cell, others, target });
          const free = freeSpans(day, others).reduce((n, s) => n + s.end - s.start, 0);
          if (plan.kind === 'day_full') {
            expect(target).toBeGreaterThan(free);
            return;
          }
          expect(plan.kind).toBe('changes');
          if (plan.kind !== 'changes') return;
          const { update, create, remove } = plan.changes;
          const changed = new Map(update.map((u) => [u.id, u]));
          const result = [...cell.filter((e) => !remove.includes(e.id)).map((e) => changed.get(e.id) ?? e), ...create];
          expect(result.reduce((n, s) => n + s.end - s.start, 0)).toBe(target);
          for (const piece of [...update, ...create]) {
            expect(piece.start).toBeGreaterThanOrEqual(day.start);
            expect(piece.end).toBeLessThanOrEqual(day.end);
            expect(piece.end).toBeGreaterThan(piece.start);
            for (const o of others) expect(overlaps(piece, o)).toBe(false);
          }
          for (let i = 0; i < result.length; i++)
            for (let j = i + 1; j < result.length; j++) expect(overlaps(result[i]!, result[j]!)).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
