// One day of the grid: its hour lines, its entries side by side where they overlap, the running timer, a line at
// the current time, and empty time to create an entry on: drag with a mouse or pen to choose the range; a click
// or a tap (touch keeps scrolling the page, so it never drags here) proposes the hour from the slot touched.
import { useMemo, useRef, useState, type PointerEvent } from 'react';
import type { Project, TimeEntry, Timer } from '../../api/types.js';
import type { TimeFormat } from '../../lib/time.js';
import { toEpoch } from '../../lib/time.js';
import { projectColor } from '../../state/data.js';
import {
  assignLanes,
  blockBox,
  dayHeightPx,
  dragRange,
  hourMarks,
  pxToSeconds,
  secondsToPx,
  SNAP_SECONDS,
  type CalendarDay,
  type Span,
} from './calendar-layout.js';
import { EntryBlock, type BlockActions } from './EntryBlock.js';
import { RunningBlock, runningSpan } from './RunningBlock.js';

export interface NewRange {
  start: number;
  end: number;
}

export function DayColumn({
  day,
  entries,
  timer,
  now,
  projects,
  fmt,
  hintId,
  actions,
  onCreate,
  projectLabel,
}: {
  day: CalendarDay;
  entries: TimeEntry[];
  timer: Timer | null;
  now: number;
  projects: Map<number, Project>;
  fmt: TimeFormat;
  hintId: string;
  actions: BlockActions;
  onCreate(range: NewRange): void;
  projectLabel(id: number): string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const press = useRef<{ id: number; from: number; touch: boolean } | null>(null);
  const [draft, setDraft] = useState<NewRange | null>(null);

  const lanes = useMemo(() => {
    // Lanes follow what is drawn: a short entry still takes a quarter hour of height.
    const spans: Span[] = entries.map((e) => {
      const start = toEpoch(e.start_time);
      const end = e.end_time ? toEpoch(e.end_time) : start;
      return { id: e.id, start, end: Math.max(end, start + SNAP_SECONDS) };
    });
    if (timer) spans.push(runningSpan(timer, now));
    return assignLanes(spans);
  }, [entries, timer, now]);

  const offsetAt = (clientY: number) => pxToSeconds(clientY - (ref.current?.getBoundingClientRect().top ?? 0));

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || (e.target as HTMLElement).closest('.cal-block')) return;
    const touch = e.pointerType === 'touch';
    press.current = { id: e.pointerId, from: offsetAt(e.clientY), touch };
    if (!touch) {
      e.currentTarget.setPointerCapture?.(e.pointerId);
      e.preventDefault(); // no text selection while dragging
    }
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current;
    if (!p || p.id !== e.pointerId || p.touch) return;
    const to = offsetAt(e.clientY);
    if (Math.abs(secondsToPx(to - p.from)) >= 4) setDraft(dragRange(day, p.from, to));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const p = press.current;
    if (!p || p.id !== e.pointerId) return;
    press.current = null;
    setDraft(null);
    const to = offsetAt(e.clientY);
    const dragged = !p.touch && Math.abs(secondsToPx(to - p.from)) >= 4;
    // A click proposes an hour from the quarter hour clicked.
    const slot = Math.floor(p.from / SNAP_SECONDS) * SNAP_SECONDS;
    onCreate(dragged ? dragRange(day, p.from, to) : dragRange(day, slot, slot + 3600));
  };
  const onPointerCancel = () => {
    press.current = null;
    setDraft(null);
  };

  const nowBox = now >= day.start && now < day.end ? blockBox(day, now, now) : null;
  const draftBox = draft ? blockBox(day, draft.start, draft.end) : null;
  const noLane = { lane: 0, lanes: 1 };
  return (
    <div
      ref={ref}
      className="cal-day"
      style={{ height: dayHeightPx(day) }}
      data-day-start={day.start}
      data-day={day.key}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerCancel}
    >
      {hourMarks(day).map((t) => (
        <div key={t} className="cal-hour-line" style={{ top: secondsToPx(t - day.start) }} aria-hidden="true" />
      ))}
      {entries.map((e) => (
        <EntryBlock
          key={e.id}
          entry={e}
          day={day}
          lane={lanes.get(e.id) ?? noLane}
          projectName={projectLabel(e.project_id)}
          color={projectColor(projects.get(e.project_id))}
          fmt={fmt}
          hintId={hintId}
          actions={actions}
        />
      ))}
      {timer && (
        <RunningBlock
          timer={timer}
          day={day}
          lane={lanes.get(timer.id) ?? noLane}
          now={now}
          projectName={projectLabel(timer.project_id)}
          color={projectColor(projects.get(timer.project_id))}
          fmt={fmt}
        />
      )}
      {draftBox && draft && (
        <div className="cal-draft" style={{ top: draftBox.top, height: draftBox.height }} data-testid="calendar-draft">
          {fmt.time(draft.start)}–{fmt.time(draft.end)}
        </div>
      )}
      {nowBox && <div className="cal-now" style={{ top: nowBox.top }} aria-hidden="true" />}
    </div>
  );
}
