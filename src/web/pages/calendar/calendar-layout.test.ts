// The calendar's geometry: lanes never put overlapping blocks side by side in one lane, snapping lands on quarter
// hours, and days with a DST change are 23 and 25 hours tall in the user's zone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignLanes,
  blockBox,
  dayHeightPx,
  dragRange,
  hourMarks,
  moved,
  parseDayKey,
  pxToSeconds,
  resized,
  secondsToPx,
  snap,
  snapInDay,
  stepDate,
  visibleDays,
  type Span,
} from './calendar-layout.js';

const H = 3600;
const Q = 900;

const spanArb = fc
  .record({ start: fc.integer({ min: 0, max: 96 }), length: fc.integer({ min: 1, max: 24 }) })
  .map(({ start, length }) => ({ start: start * Q, end: (start + length) * Q }));
const spansArb = fc.array(spanArb, { maxLength: 30 }).map((list) => list.map((s, id): Span => ({ id, ...s })));

describe('assignLanes', () => {
  it('never puts two overlapping blocks in the same lane, and every lane is inside its group', () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const lanes = assignLanes(spans);
        expect(lanes.size).toBe(spans.length);
        for (const a of spans) {
          const la = lanes.get(a.id)!;
          expect(la.lane).toBeGreaterThanOrEqual(0);
          expect(la.lane).toBeLessThan(la.lanes);
          for (const b of spans) {
            if (a.id === b.id || !(a.start < b.end && b.start < a.end)) continue;
            const lb = lanes.get(b.id)!;
            expect(la.lane).not.toBe(lb.lane);
            // Overlapping blocks share a group, so they are drawn with the same width.
            expect(la.lanes).toBe(lb.lanes);
          }
        }
      }),
    );
  });

  it('uses no more lanes than blocks overlap at one instant', () => {
    fc.assert(
      fc.property(spansArb, (spans) => {
        const lanes = assignLanes(spans);
        const most = Math.max(0, ...[...lanes.values()].map((l) => l.lanes));
        let deepest = 0;
        for (const s of spans) {
          // The most blocks running at once is reached at some block's start.
          const depth = spans.filter((o) => o.start <= s.start && s.start < o.end).length;
          deepest = Math.max(deepest, depth);
        }
        expect(most).toBe(deepest);
      }),
    );
  });

  it('lays out touching blocks one above the other and overlapping ones side by side', () => {
    const lanes = assignLanes([
      { id: 1, start: 9 * H, end: 10 * H },
      { id: 2, start: 10 * H, end: 11 * H },
      { id: 3, start: 10.5 * H, end: 12 * H },
    ]);
    expect(lanes.get(1)).toEqual({ lane: 0, lanes: 1 });
    expect(lanes.get(2)).toEqual({ lane: 0, lanes: 2 });
    expect(lanes.get(3)).toEqual({ lane: 1, lanes: 2 });
  });
});

describe('snapping and pixels', () => {
  it('snaps to the nearest quarter hour', () => {
    expect(snap(7 * 60)).toBe(0);
    expect(snap(7.5 * 60)).toBe(Q);
    expect(snap(22 * 60)).toBe(Q);
    expect(snap(-8 * 60)).toBe(-Q);
    fc.assert(fc.property(fc.integer({ min: -10 * H, max: 10 * H }), (s) => snap(s) % Q === 0 && Math.abs(snap(s) - s) <= Q / 2));
  });

  it('converts between minutes and pixels both ways', () => {
    expect(secondsToPx(H)).toBe(48);
    fc.assert(fc.property(fc.integer({ min: 0, max: 25 * H }), (s) => Math.abs(pxToSeconds(secondsToPx(s)) - s) < 1e-6));
  });

  it('keeps a snapped instant inside its day', () => {
    const day = { key: '2026-06-01', start: 0, end: 24 * H };
    expect(snapInDay(day, -600)).toBe(0);
    expect(snapInDay(day, 25 * H)).toBe(24 * H);
    expect(snapInDay(day, 9 * H + 8 * 60)).toBe(9 * H + Q);
  });

  it('makes a dragged range from the slots it touches, at least 15 minutes, in either direction', () => {
    const day = { key: '2026-06-01', start: 1000 * H, end: 1024 * H };
    expect(dragRange(day, 9 * H + 5 * 60, 10 * H + 20 * 60)).toEqual({ start: day.start + 9 * H, end: day.start + 10.5 * H });
    expect(dragRange(day, 10 * H + 20 * 60, 9 * H + 5 * 60)).toEqual({ start: day.start + 9 * H, end: day.start + 10.5 * H });
    expect(dragRange(day, 9 * H, 9 * H)).toEqual({ start: day.start + 9 * H, end: day.start + 9 * H + Q });
    expect(dragRange(day, 24 * H, 24 * H)).toEqual({ start: day.end - Q, end: day.end });
  });

  it('moves by whole quarter hours and resizes to at least a quarter hour', () => {
    expect(moved(9 * H, 10 * H, 20 * 60)).toEqual({ start: 9 * H + Q, end: 10 * H + Q });
    expect(resized(9 * H, 10 * H, -2 * H)).toEqual({ start: 9 * H, end: 9 * H + Q });
    expect(resized(9 * H, 10 * H + 300, 10 * 60)).toEqual({ start: 9 * H, end: 10 * H + Q });
  });

  it('places a block in its day, clipping what runs past midnight', () => {
    const day = { key: '2026-06-01', start: 0, end: 24 * H };
    expect(blockBox(day, 9 * H, 10 * H)).toEqual({ top: 9 * 48, height: 48, clippedTop: false, clippedBottom: false });
    expect(blockBox(day, 23 * H, 25 * H)).toEqual({ top: 23 * 48, height: 48, clippedTop: false, clippedBottom: true });
    expect(blockBox(day, 25 * H, 26 * H)).toBeNull();
  });
});

describe('days in the user zone', () => {
  const berlin = 'Europe/Berlin';

  it('draws the spring-forward day 23 hours tall and the fall-back day 25 hours tall', () => {
    const [spring] = visibleDays('day', { year: 2026, month: 3, day: 29 }, berlin, 1);
    const [autumn] = visibleDays('day', { year: 2026, month: 10, day: 25 }, berlin, 1);
    const [plain] = visibleDays('day', { year: 2026, month: 6, day: 1 }, berlin, 1);
    expect(hourMarks(spring!)).toHaveLength(23);
    expect(hourMarks(autumn!)).toHaveLength(25);
    expect(hourMarks(plain!)).toHaveLength(24);
    expect(dayHeightPx(spring!)).toBe(23 * 48);
    expect(dayHeightPx(autumn!)).toBe(25 * 48);
    // 04:00 local on the fall-back day is five real hours after midnight.
    const fourAm = Date.UTC(2026, 9, 25, 3) / 1000;
    expect(blockBox(autumn!, fourAm, fourAm + H)?.top).toBe(5 * 48);
  });

  it('starts the week on the user’s first weekday and covers seven local days across a DST change', () => {
    const monday = visibleDays('week', { year: 2026, month: 3, day: 29 }, berlin, 1);
    expect(monday.map((d) => d.key)).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(monday[6]!.end - monday[6]!.start).toBe(23 * H);
    for (let i = 1; i < 7; i++) expect(monday[i]!.start).toBe(monday[i - 1]!.end);
    const sunday = visibleDays('week', { year: 2026, month: 3, day: 29 }, berlin, 0);
    expect(sunday[0]!.key).toBe('2026-03-29');
  });

  it('steps a day or a week and reads only real dates from the URL', () => {
    expect(stepDate('week', { year: 2026, month: 12, day: 28 }, 1)).toEqual({ year: 2027, month: 1, day: 4 });
    expect(stepDate('day', { year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseDayKey('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseDayKey('2026-02-30')).toBeNull();
    expect(parseDayKey('2026-13-01')).toBeNull();
    expect(parseDayKey('yesterday')).toBeNull();
    expect(parseDayKey(null)).toBeNull();
  });
});
