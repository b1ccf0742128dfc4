// One entry as a block in a day column: click it to open it, drag it to move it (into another day in the week view), drag its bottom
// edge to resize it; with the keyboard, arrows move it by 15 minutes (left/right by a day), Shift+arrows resize it,
// Enter opens it, Delete deletes it (with Undo). The change shows at once (see use-calendar-changes).
import type { CSSProperties, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeEntry } from '../../api/types.js';
import { formatDuration, toEpoch, type TimeFormat } from '../../lib/time.js';
import { blockBox, moved, resized, secondsToPx, SNAP_SECONDS, type CalendarDay, type Lane } from './calendar-layout.js';
import { useBlockDrag, type Drop } from './use-block-drag.js';
import type { Reschedule } from './use-calendar-changes.js';

export interface BlockActions {
  reschedule(change: Reschedule): void;
  edit(entry: TimeEntry): void;
  remove(entry: TimeEntry): void;
}

/** Where a block sits horizontally: its lane of the lanes its group of overlapping blocks needs. */
export function laneStyle(lane: Lane): CSSProperties {
  return { left: `calc(${(lane.lane / lane.lanes) * 100}% + 2px)`, width: `calc(${100 / lane.lanes}% - 4px)` };
}

export function EntryBlock({
  entry,
  day,
  lane,
  projectName,
  color,
  fmt,
  hintId,
  actions,
}: {
  entry: TimeEntry;
  day: CalendarDay;
  lane: Lane;
  projectName: string;
  color: string;
  fmt: TimeFormat;
  hintId: string;
  actions: BlockActions;
}) {
  const { t } = useTranslation();
  const start = toEpoch(entry.start_time);
  const end = entry.end_time ? toEpoch(entry.end_time) : start;

  const drop = ({ mode, delta, targetDayStart }: Drop) => {
    if (mode === 'resize') {
      const next = resized(start, end, delta);
      if (next.end !== end) actions.reschedule({ entry, ...next, kind: 'resized' });
      return;
    }
    // Into another day: the same wall-clock time there (a DST day between shifts it by its hour).
    const dayShift = targetDayStart !== null && targetDayStart !== day.start ? targetDayStart - day.start : 0;
    const next = moved(start + dayShift, end + dayShift, delta);
    if (next.start !== start) actions.reschedule({ entry, ...next, kind: 'moved' });
  };
  const { preview, handlers, handle } = useBlockDrag(drop, () => actions.edit(entry));

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowUp' ? -SNAP_SECONDS : e.key === 'ArrowDown' ? SNAP_SECONDS : 0;
    if (step && e.shiftKey) {
      e.preventDefault();
      if (end + step - start >= SNAP_SECONDS) actions.reschedule({ entry, start, end: end + step, kind: 'resized' });
    } else if (step) {
      e.preventDefault();
      actions.reschedule({ entry, start: start + step, end: end + step, kind: 'moved' });
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const shift = fmt.addDays(day.start, e.key === 'ArrowLeft' ? -1 : 1) - day.start;
      actions.reschedule({ entry, start: start + shift, end: end + shift, kind: 'moved' });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      actions.edit(entry);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      actions.remove(entry);
    }
  };

  const box = blockBox(day, start, end);
  if (!box) return null;
  const height = Math.max(secondsToPx(SNAP_SECONDS), box.height);
  const shownEnd = preview?.mode === 'resize' ? resized(start, end, preview.delta).end : end + (preview?.delta ?? 0);
  const shownStart = preview?.mode === 'move' ? start + preview.delta : start;
  const style: CSSProperties = {
    ...laneStyle(lane),
    top: box.top,
    height: preview?.mode === 'resize' ? Math.max(height, secondsToPx(shownEnd - shownStart)) : height,
    borderLeftColor: color,
    transform: preview?.mode === 'move' ? `translate(${preview.dx}px, ${secondsToPx(preview.delta)}px)` : undefined,
  };
  const range = `${fmt.time(shownStart)}–${fmt.time(shownEnd)}`;
  const label = t('calendar.blockLabel', { project: projectName, range, duration: formatDuration(entry.duration_seconds ?? 0) });

  return (
    <div
      role="button"
      tabIndex={0}
      className={`cal-block${preview ? ' cal-block-dragging' : ''}${box.clippedTop ? ' cal-clip-top' : ''}${box.clippedBottom ? ' cal-clip-bottom' : ''}`}
      style={style}
      data-entry-id={entry.id}
      aria-label={entry.notes ? `${label}, ${entry.notes}` : label}
      aria-describedby={hintId}
      onKeyDown={onKeyDown}
      {...handlers}
    >
      <span className="cal-block-time">{range}</span>
      <span className="cal-block-project">{projectName}</span>
      {entry.notes && <span className="cal-block-notes">{entry.notes}</span>}
      {!box.clippedBottom && <span className="cal-resize" aria-hidden="true" {...handle} />}
    </div>
  );
}
