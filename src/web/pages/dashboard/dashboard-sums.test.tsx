import { describe, expect, it } from 'vitest';
import type { Summary, TimeEntry } from '../../api/types.js';
import { secondsOnDays } from './Stats.js';
import { secondsPerProjectAndDay } from './WeekChart.js';

const group = (key: string, seconds: number) => ({
  key,
  label: key,
  seconds,
  billable_seconds: 0,
  billable_amount: '0.00',
  entry_count: 1,
});

describe('dashboard sums', () => {
  it("takes today's and the week's time from the summary's day groups", () => {
    const summary = {
      total_seconds: 7200 + 1800 + 600,
      groups: [group('2026-11-30', 7200), group('2026-12-01', 1800), group('2026-12-02', 600)],
    } as unknown as Summary;
    expect(secondsOnDays(summary, '2026-12-01', '2026-12-01')).toBe(1800);
    expect(secondsOnDays(summary, '2026-11-30', '2026-12-06')).toBe(9600);
    expect(secondsOnDays(summary, '2026-12-03', '2026-12-03')).toBe(0);
  });

  it('puts finished entries on the day they started, per project, and leaves the running timer out', () => {
    const day = 86_400;
    const days = [0, day, 2 * day];
    const entry = (id: number, project_id: number, start: number, seconds: number | null) =>
      ({
        id,
        project_id,
        start_time: new Date(start * 1000).toISOString(),
        end_time: seconds === null ? null : new Date((start + seconds) * 1000).toISOString(),
        duration_seconds: seconds,
      }) as TimeEntry;
    const sums = secondsPerProjectAndDay(
      [
        entry(1, 7, 3600, 1800),
        entry(2, 7, day + 60, 600),
        entry(3, 8, 2 * day + 10, 60),
        entry(4, 8, 2 * day + 100, null),
        entry(5, 7, 3 * day, 60),
      ],
      days,
      3 * day,
    );
    expect(Object.fromEntries(sums)).toEqual({ 7: [1800, 600, 0], 8: [0, 0, 60] });
  });
});
