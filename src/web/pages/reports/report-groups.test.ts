// Report group labels: weeks read as "Week 44 · 26 Oct – 1 Nov" in the user's language (not a bare start date),
// with the ISO week number also for weeks starting on Sunday.
import { describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n/index.js';
import { DEFAULT_PREFERENCES, TimeFormat } from '../../lib/time.js';
import { isoWeek, labelOf } from './report-groups.js';

const fmt = (language: string) => new TimeFormat({ ...DEFAULT_PREFERENCES, language, timezone: 'UTC' });
// Intl puts thin spaces around the dash of a range.
const label = (key: string, language: string) => labelOf(week(key), 'week', fmt(language)).replace(/\s/g, ' ');
const week = (key: string) => ({ key, label: null, seconds: 0, billable_seconds: 0, billable_amount: '0.00', entry_count: 0 });

describe('isoWeek', () => {
  it('numbers weeks as ISO 8601 does, across year ends', () => {
    expect(isoWeek({ year: 2026, month: 10, day: 26 })).toBe(44);
    expect(isoWeek({ year: 2026, month: 1, day: 1 })).toBe(1);
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toBe(53);
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toBe(1);
  });
});

describe('week labels', () => {
  it('say the number and the days in English and German', async () => {
    await applyLanguage('en');
    expect(label('2026-10-26', 'en')).toBe('Week 44 · Oct 26 – Nov 1');
    await applyLanguage('de');
    expect(label('2026-10-26', 'de')).toBe('KW 44 · 26. Okt. – 1. Nov.');
    await applyLanguage('en');
  });

  it('give a week starting on Sunday the number of most of its days', async () => {
    await applyLanguage('en');
    expect(label('2026-10-25', 'en')).toBe('Week 44 · Oct 25 – 31');
  });
});
