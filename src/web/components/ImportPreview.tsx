// The dry run's first rows as they will be stored, in the user's time zone and formats: the place to notice that
// a file's times were read in the wrong zone or with day and month swapped, before anything is written.
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../api/types.js';
import { formatDuration, toEpoch } from '../lib/time.js';
import { useFmt } from '../state/session.js';

export function ImportPreview({ rows, total }: { rows: ImportResult['preview']; total: number }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table import-preview">
        <caption className="muted small">{t('import.previewCaption', { shown: rows.length, count: total })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.when')}</th>
            <th scope="col">{t('entryForm.duration')}</th>
            <th scope="col">{t('common.project')}</th>
            <th scope="col">{t('common.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const start = toEpoch(r.start_time);
            return (
              <tr key={r.row}>
                <td>
                  {fmt.date(start)} {fmt.time(start)}–{fmt.time(toEpoch(r.end_time))}
                </td>
                <td className="mono">{formatDuration(r.duration_seconds)}</td>
                <td>{[r.client, r.project, r.task].filter(Boolean).join(' · ')}</td>
                <td>{r.notes}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
