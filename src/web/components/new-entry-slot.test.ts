// The new entry's default time: after the day's last entry, an hour before now on an empty day, and never inside
// the running timer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newEntrySlot, type Busy } from './new-entry-slot.js';

const day = Date.parse('2026-12-01T00:00:00Z') / 1000;
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return day + h * 3600 + m * 60;
};
const slot = (now: string, busy: Busy[]) => {
  const s = newEntrySlot(at(now) + 17, day, busy);
  return [s.start, s.end].map((t) => new Date(t * 1000).toISOString().slice(11, 16));
};

describe('a new entry’s default time', () => {
  it('starts an hour before now, rounded down to 5 minutes, on an empty day', () => {
    expect(slot('14:22', [])).toEqual(['13:20', '14:20']);
    expect(slot('00:30', [])).toEqual(['00:00', '00:30']);
  });

  it('starts where the day’s last entry ended and lasts an hour, at most until now', () => {
    const busy = [
      { start: at('08:00'), end: at('09:00') },
      { start: at('09:30'), end: at('11:15') },
    ];
    expect(slot('16:00', busy)).toEqual(['11:15', '12:15']);
    expect(slot('11:40', busy)).toEqual(['11:15', '11:40']);
  });

  it('ends where the running timer started, after the last entry before it', () => {
    const busy = [
      { start: at('08:00'), end: at('09:00') },
      { start: at('10:30'), end: null },
    ];
    expect(slot('16:00', busy)).toEqual(['09:00', '10:00']);
    expect(
      slot('16:00', [
        { start: at('09:40'), end: at('10:00') },
        { start: at('10:10'), end: null },
      ]),
    ).toEqual(['10:00', '10:10']);
    expect(slot('16:00', [{ start: at('15:30'), end: null }])).toEqual(['14:30', '15:30']);
  });

  it('never overlaps the running timer or an entry when there is free time before it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1380 }), fc.integer({ min: 1, max: 120 })), { maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 1439 })),
        fc.integer({ min: 60, max: 1439 }),
        (spans, timerMinute, nowMinute) => {
          const busy: Busy[] = spans.map(([s, len]) => ({ start: day + s * 60, end: day + (s + len) * 60 }));
          if (timerMinute !== null) busy.push({ start: day + timerMinute * 60, end: null });
          const now = day + nowMinute * 60;
          const s = newEntrySlot(now, day, busy);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(now);
          const sorted = busy.filter((b) => b.end !== null);
          const timer = timerMinute === null ? null : day + timerMinute * 60;
          const fellBack = s.end - s.start === 3600 && s.end === now;
          if (fellBack) return;
          if (timer !== null && timer < now) expect(s.end).toBeLessThanOrEqual(timer);
          // Entries that end before the slot's start or start at its end or later leave it free, except those
          // running past the last end (the slot starts after every entry begun before the limit).
          for (const b of sorted) {
            if (b.start < s.start) expect(b.end!).toBeLessThanOrEqual(s.start);
          }
        },
      ),
    );
  });
});
