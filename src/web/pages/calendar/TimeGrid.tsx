// The scrolling grid: a head with the days (a day's name opens it in the day view), the hours down the side and
// one column per day. The side's hours are those of the longest day shown, so on a DST day the day view's labels
// read 01, 02, 02, 03 … exactly as its column does.
import { useEffect, useId, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Project, TimeEntry, Timer } from '../../api/types.js';
import type { TimeFormat } from '../../lib/time.js';
import { toEpoch } from '../../lib/time.js';
import { dayHeightPx, hourMarks, secondsToPx, type CalendarDay } from './calendar-layout.js';
import { DayColumn, type NewRange } from './DayColumn.js';
import type { BlockActions } from './EntryBlock.js';

/** Where the grid opens: the working day, not midnight. */
const FIRST_VISIBLE_HOUR = 7;

export function TimeGrid({
  days,
  entries,
  timer,
  now,
  projects,
  fmt,
  actions,
  onCreate,
  onOpenDay,
  projectLabel,
}: {
  days: CalendarDay[];
  entries: TimeEntry[];
  timer: Timer | null;
  now: number;
  projects: Map<number, Project>;
  fmt: TimeFormat;
  actions: BlockActions;
  onCreate(range: NewRange): void;
  onOpenDay(day: CalendarDay): void;
  projectLabel(id: number): string;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const longest = days.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const today = fmt.dayKey(now);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = secondsToPx(FIRST_VISIBLE_HOUR * 3600);
  }, []);

  const inDay = (day: CalendarDay) =>
    entries.filter((e) => {
      const start = toEpoch(e.start_time);
      const end = e.end_time ? toEpoch(e.end_time) : start;
      return start < day.end && (end > day.start || start >= day.start);
    });
  const runningIn = (day: CalendarDay) => (timer && toEpoch(timer.start_time) < day.end && now >= day.start ? timer : null);

  return (
    <div className="cal" style={{ '--cal-days': days.length } as CSSProperties}>
      <p id={hintId} className="sr-only">
        {t('calendar.keyboardHint')}
      </p>
      <div className="cal-head">
        <span className="cal-gutter" />
        {days.map((day) => (
          <button
            key={day.key}
            type="button"
            className={`cal-day-name${day.key === today ? ' cal-today' : ''}`}
            aria-current={day.key === today ? 'date' : undefined}
            onClick={() => onOpenDay(day)}
          >
            <span>{fmt.weekday(day.start, days.length > 1)}</span> <strong>{fmt.shortDate(day.start)}</strong>
          </button>
        ))}
      </div>
      <div className="cal-scroll" ref={scroller}>
        <div className="cal-body">
          <div className="cal-gutter" style={{ height: dayHeightPx(longest) }} aria-hidden="true">
            {hourMarks(longest).map((mark) => (
              <span key={mark} className="cal-hour" style={{ top: secondsToPx(mark - longest.start) }}>
                {fmt.time(mark)}
              </span>
            ))}
          </div>
          {days.map((day) => (
            <DayColumn
              key={day.key}
              day={day}
              entries={inDay(day)}
              timer={runningIn(day)}
              now={now}
              projects={projects}
              fmt={fmt}
              hintId={hintId}
              actions={actions}
              onCreate={onCreate}
              projectLabel={projectLabel}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
