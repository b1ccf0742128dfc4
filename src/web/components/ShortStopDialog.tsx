// "Keep it?": a timer stopped with less worked time than the user's minimum to keep (Settings) is stored unrounded
// by the server, and this dialog lets the user keep it or throw it away (the toast then offers Undo). Escape and
// the backdrop keep it: nothing is lost without an explicit choice.
import { useTranslation } from 'react-i18next';
import type { TimeEntry } from '../api/types.js';
import { formatClock, toEpoch } from '../lib/time.js';
import { durationSeconds } from '../../shared/time-math.js';
import { Dialog } from './ui.js';

export function ShortStopDialog({
  entry,
  onKeep,
  onDiscard,
}: {
  entry: TimeEntry | null;
  onKeep: (entry: TimeEntry) => void;
  onDiscard: (entry: TimeEntry) => void;
}) {
  const { t } = useTranslation();
  const worked = entry?.end_time ? durationSeconds(toEpoch(entry.start_time), toEpoch(entry.end_time), entry.break_seconds) : 0;
  return (
    <Dialog open={entry !== null} title={t('timerEdit.shortTitle')} onClose={() => entry && onKeep(entry)}>
      {entry && (
        <>
          <p>{t('timerEdit.shortBody', { time: formatClock(worked) })}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => onKeep(entry)}>
              {t('timerEdit.keep')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => onDiscard(entry)}>
              {t('timerEdit.dontKeep')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
