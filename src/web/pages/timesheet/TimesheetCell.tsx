// One cell of the timesheet: a labelled text input holding the day's total in the user's duration format (H:MM;
// anything parseDuration reads may be typed). Leaving it (Tab, Enter, an arrow, a click elsewhere) saves; Escape
// puts back what is saved. A cell holding timer, manual or imported time is never rewritten without a word: it
// says why on focus, and a typed total below that time is explained instead of sent; a total above it says what
// would change and waits for a click. The server's refusals show beside the cell, in the UI's language.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { Link } from '../../lib/router.js';
import { formatDuration, parseDuration } from '../../lib/time.js';
import { arrowMove, cellIntent, entriesHref, type Direction, type TimesheetCell as Cell } from './timesheet-grid.js';

type Notice =
  | { kind: 'invalid'; reason: 'format' | 'too_long' }
  | { kind: 'below_locked'; locked: number }
  | { kind: 'beside_locked'; seconds: number; locked: number; own: number }
  | { kind: 'error'; message: string };

/** What an empty cell shows: nothing, so the days with time stand out. */
const shown = (seconds: number) => (seconds > 0 ? formatDuration(seconds) : '');

export function TimesheetCell({
  cell,
  label,
  date,
  projectId,
  position,
  onSave,
  onNavigate,
}: {
  cell: Cell;
  /** "Website › Design, Wednesday 02.12.2026": what a screen reader says for the input. */
  label: string;
  date: string;
  projectId: number;
  position: string;
  onSave: (seconds: number) => Promise<unknown>;
  /** Moves the focus to the neighbouring cell; false at the grid's edge. */
  onNavigate: (direction: Direction) => boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  /** What is typed and not yet saved; null while the cell shows what is saved. */
  const [draft, setDraft] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [focused, setFocused] = useState(false);
  const saving = useRef(0);
  const locked = !cell.editable && cell.locked_seconds > 0;
  const text = draft ?? shown(cell.seconds);

  const revert = () => {
    setDraft(null);
    setNotice(null);
  };

  const send = (seconds: number) => {
    const attempt = ++saving.current;
    // The typed total stays in view until the server has answered (the week's cache shows it meanwhile too).
    setDraft(shown(seconds));
    setNotice(null);
    onSave(seconds).then(
      () => {
        if (saving.current === attempt) setDraft(null);
      },
      (error: unknown) => {
        if (saving.current !== attempt) return;
        setDraft(null);
        setNotice({ kind: 'error', message: errorText(error) });
      },
    );
  };

  const errorText = (error: unknown): string => {
    if (error instanceof ApiError && error.code === 'overlap' && typeof error.details.free_seconds === 'number')
      return t('timesheet.overlapFree', { free: formatDuration(error.details.free_seconds) });
    return t('timesheet.notSaved', { reason: error instanceof Error ? error.message : String(error) });
  };

  const commit = () => {
    if (draft === null) return;
    const intent = cellIntent(cell, draft, parseDuration, formatDuration);
    switch (intent.kind) {
      case 'unchanged':
        return revert();
      case 'invalid':
        return setNotice({ kind: 'invalid', reason: intent.reason });
      case 'save':
        return send(intent.seconds);
      case 'below_locked':
        return setNotice({ kind: 'below_locked', locked: intent.locked });
      case 'beside_locked':
        return setNotice(intent);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      if (draft === null && notice === null) return;
      e.preventDefault();
      e.stopPropagation();
      return revert();
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      // Moving down blurs the cell, which saves it; at the last row it is saved in place.
      if (!onNavigate('down')) commit();
      return;
    }
    const direction = arrowMove(e.key, e.currentTarget);
    if (direction && onNavigate(direction)) e.preventDefault();
  };

  const noticeId = `${id}-notice`;
  const hintId = `${id}-hint`;
  const showHint = locked && focused && notice === null;
  const invalid = notice !== null && notice.kind !== 'beside_locked';
  return (
    <div className={`ts-cell${locked ? ' ts-locked' : ''}${invalid ? ' ts-invalid' : ''}`}>
      <input
        className="ts-input"
        data-cell={position}
        value={text}
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        aria-label={label}
        aria-invalid={invalid || undefined}
        aria-describedby={[locked ? hintId : '', notice ? noticeId : ''].filter(Boolean).join(' ') || undefined}
        title={locked ? t('timesheet.lockedHint', { locked: formatDuration(cell.locked_seconds) }) : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          if (notice?.kind !== 'error') setNotice(null);
        }}
        onFocus={(e) => {
          setFocused(true);
          e.target.select();
        }}
        onBlur={() => {
          setFocused(false);
          commit();
        }}
        onKeyDown={onKeyDown}
      />
      {locked && (
        <small id={hintId} className={showHint ? 'ts-note' : 'sr-only'}>
          {t('timesheet.lockedHint', { locked: formatDuration(cell.locked_seconds) })}
        </small>
      )}
      {notice && (
        <div id={noticeId} className={`ts-note ${notice.kind === 'beside_locked' ? '' : 'ts-note-error'}`} role="status">
          <NoticeText notice={notice} />
          {(notice.kind === 'below_locked' || notice.kind === 'beside_locked') && (
            <span className="ts-note-actions">
              {notice.kind === 'beside_locked' && (
                <button type="button" className="btn btn-small btn-primary" onClick={() => send(notice.seconds)}>
                  {t('timesheet.confirmBeside', { total: formatDuration(notice.seconds) })}
                </button>
              )}
              <button type="button" className="btn btn-small" onClick={revert}>
                {t('common.cancel')}
              </button>
              <Link to={entriesHref(date, projectId)}>{t('timesheet.openEntries')}</Link>
            </span>
          )}
        </div>
      )}
    </div>
  );
}

function NoticeText({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  switch (notice.kind) {
    case 'invalid':
      return <span>{notice.reason === 'format' ? t('timesheet.invalidFormat') : t('timesheet.tooLong')}</span>;
    case 'below_locked':
      return <span>{t('timesheet.belowLocked', { locked: formatDuration(notice.locked) })}</span>;
    case 'beside_locked':
      return (
        <span>{t('timesheet.besideLocked', { locked: formatDuration(notice.locked), own: formatDuration(notice.own) })}</span>
      );
    case 'error':
      return <span>{notice.message}</span>;
  }
}
