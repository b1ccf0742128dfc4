// The timesheet's week switcher (‹ this week ›, the week's number and dates; each step a history entry, so Back
// returns to the week before) and, on a phone, the day switcher: a radio per day with its total.
import { useTranslation } from 'react-i18next';
import { setQuery } from '../../lib/router.js';
import { formatDuration, type TimeFormat } from '../../lib/time.js';
import { shiftWeek } from './timesheet-grid.js';

export interface Day {
  date: string;
  /** The day's first instant in the user's time zone (epoch seconds). */
  start: number;
  name: string;
  short: string;
  today: boolean;
}

export function dayOf(date: string, fmt: TimeFormat, todayKey: string): Day {
  const start = fmt.dayStart(date) ?? 0;
  return { date, start, name: fmt.weekday(start), short: fmt.weekday(start, true), today: date === todayKey };
}

export function WeekSwitcher({
  week,
  thisWeek,
  period,
  fmt,
}: {
  week: string;
  thisWeek: string;
  period: string;
  fmt: TimeFormat;
}) {
  const { t } = useTranslation();
  const go = (to: string | null) => to && setQuery({ week: to === thisWeek ? null : to }, { replace: false });
  return (
    <div className="ts-toolbar" role="group" aria-label={t('timesheet.period')}>
      <button
        type="button"
        className="btn btn-small"
        aria-label={t('timesheet.previousWeek')}
        onClick={() => go(shiftWeek(week, -1, fmt.weekStart))}
      >
        ‹
      </button>
      <button type="button" className="btn btn-small" disabled={week === thisWeek} onClick={() => go(thisWeek)}>
        {t('timesheet.thisWeek')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        aria-label={t('timesheet.nextWeek')}
        onClick={() => go(shiftWeek(week, 1, fmt.weekStart))}
      >
        ›
      </button>
      <span className="ts-period" data-testid="timesheet-period">
        {t('timesheet.weekNumber', { number: String(Number(week.slice(6))) })} · {period}
      </span>
    </div>
  );
}

export function DaySwitcher({
  days,
  totals,
  chosen,
  onChoose,
  fmt,
}: {
  days: Day[];
  totals: number[];
  chosen: number;
  onChoose: (day: number) => void;
  fmt: TimeFormat;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="segmented ts-days">
      <legend className="sr-only">{t('timesheet.day')}</legend>
      {days.map((d, i) => (
        <label key={d.date} className={i === chosen ? 'checked' : ''}>
          <input type="radio" name="timesheet-day" checked={i === chosen} onChange={() => onChoose(i)} />
          <span aria-hidden="true">{d.short}</span>
          <span className="sr-only">{`${d.name} ${fmt.date(d.start)}`}</span>
          <small aria-hidden="true">{formatDuration(totals[i] ?? 0)}</small>
        </label>
      ))}
    </fieldset>
  );
}
