// The running timer as a block that grows: its height follows the minute clock of the page (a minute is the
// smallest step a block shows), while only its small clock text ticks every second.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Timer } from '../../api/types.js';
import { formatClock, nowEpoch, toEpoch, type TimeFormat } from '../../lib/time.js';
import { useElapsed } from '../../state/timer.js';
import { blockBox, type CalendarDay, type Lane } from './calendar-layout.js';
import { laneStyle } from './EntryBlock.js';

/** Epoch seconds, refreshed once a minute (and at once when the tab shows again). */
export function useMinuteClock(): number {
  const [now, setNow] = useState(nowEpoch);
  useEffect(() => {
    const tick = () => setNow(nowEpoch());
    const id = window.setInterval(tick, 60_000);
    document.addEventListener('visibilitychange', tick);
    return () => {
      window.clearInterval(id);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);
  return now;
}

/** A timer just started is still drawn tall enough to read. */
const RUNNING_MIN_SECONDS = 30 * 60;

/** The span the running timer covers on screen (and in the lanes): from its start to now, half an hour at least. */
export function runningSpan(timer: Timer, now: number): { id: number; start: number; end: number } {
  const start = toEpoch(timer.start_time);
  return { id: timer.id, start, end: Math.max(start + RUNNING_MIN_SECONDS, now) };
}

function RunningClock() {
  return <span className="cal-block-clock">{formatClock(useElapsed())}</span>;
}

export function RunningBlock({
  timer,
  day,
  lane,
  now,
  projectName,
  color,
  fmt,
}: {
  timer: Timer;
  day: CalendarDay;
  lane: Lane;
  now: number;
  projectName: string;
  color: string;
  fmt: TimeFormat;
}) {
  const { t } = useTranslation();
  const { start, end } = runningSpan(timer, now);
  const box = blockBox(day, start, end);
  if (!box) return null;
  const label = t('calendar.runningLabel', { project: projectName, start: fmt.time(start) });
  return (
    <div
      className="cal-block cal-block-running"
      data-testid="calendar-running"
      role="img"
      aria-label={timer.notes ? `${label}, ${timer.notes}` : label}
      style={{ ...laneStyle(lane), top: box.top, height: box.height, borderLeftColor: color }}
    >
      <span className="cal-block-time">
        {fmt.time(start)} · {timer.paused ? t('calendar.paused') : <RunningClock />}
      </span>
      <span className="cal-block-project">{projectName}</span>
      {timer.notes && <span className="cal-block-notes">{timer.notes}</span>}
    </div>
  );
}
