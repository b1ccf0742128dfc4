// Previous / today / next, the day–week switch and the period shown; every change is a URL change (history entry),
// so Back returns to the previous week.
import { useTranslation } from 'react-i18next';
import { formatLocalDate, type LocalDate } from '../../../shared/time-math.js';
import { setQuery } from '../../lib/router.js';
import type { TimeFormat } from '../../lib/time.js';
import { stepDate, type CalendarDay, type CalendarView } from './calendar-layout.js';

const VIEWS: CalendarView[] = ['day', 'week'];

export function CalendarToolbar({
  view,
  date,
  today,
  days,
  fmt,
}: {
  view: CalendarView;
  date: LocalDate;
  today: string;
  days: CalendarDay[];
  fmt: TimeFormat;
}) {
  const { t } = useTranslation();
  const go = (params: Record<string, string>) => setQuery({ view, date: formatLocalDate(date), ...params }, { replace: false });
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const period = view === 'day' ? fmt.dayHeading(first.start) : `${fmt.date(first.start)} – ${fmt.date(last.start)}`;
  const shows = (key: string) => days.some((d) => d.key === key);

  return (
    <div className="cal-toolbar">
      <div className="cal-nav" role="group" aria-label={t('calendar.period')}>
        <button
          type="button"
          className="btn btn-small"
          aria-label={view === 'day' ? t('calendar.previousDay') : t('calendar.previousWeek')}
          onClick={() => go({ date: formatLocalDate(stepDate(view, date, -1)) })}
        >
          ‹
        </button>
        <button type="button" className="btn btn-small" disabled={shows(today)} onClick={() => go({ date: today })}>
          {t('calendar.today')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          aria-label={view === 'day' ? t('calendar.nextDay') : t('calendar.nextWeek')}
          onClick={() => go({ date: formatLocalDate(stepDate(view, date, 1)) })}
        >
          ›
        </button>
        <span className="cal-period" data-testid="calendar-period">
          {period}
        </span>
      </div>
      <fieldset className="segmented cal-views">
        <legend className="sr-only">{t('calendar.view')}</legend>
        {VIEWS.map((v) => (
          <label key={v} className={v === view ? 'checked' : ''}>
            <input type="radio" name="calendar-view" value={v} checked={v === view} onChange={() => go({ view: v })} />
            {v === 'day' ? t('calendar.day') : t('calendar.week')}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
