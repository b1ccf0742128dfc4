// One entry of the list, and its inline editor. Saving shows the change at once (the row displays the optimistic
// entry); the form stays mounted but hidden until the server answers, so a refusal brings it back with the
// server's errors beside the fields. Escape cancels the editing.
import { memo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client, NewTimeEntry, Project, Task, TimeEntry } from '../../api/types.js';
import { LazyEntryForm as EntryForm } from '../../components/LazyEntryForm.js';
import { valuesFromEntry } from '../../components/entry-form-values.js';
import { Badge, ColorDot } from '../../components/ui.js';
import { formatDuration, toEpoch } from '../../lib/time.js';
import { projectColor } from '../../state/data.js';
import { useFmt } from '../../state/session.js';

export interface EntryRowProps {
  entry: TimeEntry;
  project: Project | undefined;
  task: Task | undefined;
  client: Client | undefined;
  selected: boolean;
  onToggle(id: number): void;
  onDelete(id: number): void;
  /** Opens the new-entry form with this entry's project, task, notes, tags and billable. */
  onDuplicate(entry: TimeEntry): void;
  /** Resolves when the server saved the change; rejects with its error. */
  onSave(vars: { id: number; body: NewTimeEntry }): Promise<unknown>;
}

type Phase = 'view' | 'editing' | 'saving';

export const EntryRow = memo(function EntryRow(props: EntryRowProps) {
  const { entry: e, project: p, task, client, selected, onToggle, onDelete, onSave, onDuplicate } = props;
  const fmt = useFmt();
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('view');
  const start = toEpoch(e.start_time);
  const end = e.end_time ? toEpoch(e.end_time) : start;
  const who = { project: p?.name ?? '', time: fmt.time(start) };
  // On an issued invoice: the server refuses every change (409 entry_invoiced) until the invoice is voided.
  const invoiced = e.invoice_number;
  const lockReason = invoiced ? `lock-${e.id}` : undefined;

  const cancelOnEscape = (event: KeyboardEvent) => {
    // The project picker closes its list on Escape first (and says so by preventing the default).
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    setPhase('view');
  };

  // Slot 2 of the fragment below in both phases, so the form (and what it shows) survives saving.
  const form = phase !== 'view' && (
    <li
      className={phase === 'editing' ? 'entry editing' : 'entry-saving'}
      data-entry-id={phase === 'editing' ? e.id : undefined}
      hidden={phase === 'saving'}
      onKeyDown={cancelOnEscape}
    >
      <EntryForm
        idPrefix={`edit-${e.id}`}
        compact
        initial={valuesFromEntry(e, fmt)}
        submitLabel={t('common.save')}
        onCancel={() => setPhase('view')}
        onSubmit={async (body) => {
          setPhase('saving');
          try {
            await onSave({ id: e.id, body });
            setPhase('view');
          } catch (error) {
            setPhase('editing');
            throw error;
          }
        }}
      />
    </li>
  );
  const row = phase !== 'editing' && (
    <li className="entry" data-entry-id={e.id} aria-busy={phase === 'saving' || undefined}>
      <input
        type="checkbox"
        checked={selected}
        disabled={invoiced !== null}
        aria-describedby={lockReason}
        onChange={() => onToggle(e.id)}
        aria-label={t('entries.selectEntry', who)}
      />
      <div className="entry-main">
        <div className="entry-title">
          <ColorDot color={projectColor(p)} />{' '}
          <strong>{p?.name ?? t('common.projectNumber', { id: String(e.project_id) })}</strong>
          {task && <span className="muted"> › {task.name}</span>}
          {client && <span className="muted small"> · {client.name}</span>}
        </div>
        <div className="entry-notes">{e.notes || <span className="muted">{t('entries.noNotes')}</span>}</div>
        {(e.tags.length > 0 || e.billable || invoiced) && (
          <div className="entry-badges">
            {invoiced && (
              <Badge tone="info">
                <span aria-hidden="true">🔒 </span>
                {t('invoices.invoiceNumber', { number: invoiced })}
              </Badge>
            )}
            {e.billable && <Badge tone="good">{t('common.billableBadge')}</Badge>}
            {e.tags.map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
          </div>
        )}
        {lockReason && (
          <p id={lockReason} className="entry-locked muted small">
            {t('invoices.lockedReason')}
          </p>
        )}
      </div>
      <div className="entry-time muted">
        <span className="entry-range">
          {fmt.time(start)}–{fmt.time(end)}
        </span>
        {e.break_seconds > 0 && (
          <span className="small">{t('entries.break', { duration: formatDuration(e.break_seconds) })}</span>
        )}
      </div>
      <div className="entry-duration mono">{formatDuration(e.duration_seconds ?? 0)}</div>
      <div className="entry-actions">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          disabled={invoiced !== null}
          aria-describedby={lockReason}
          onClick={() => setPhase('editing')}
          aria-label={t('entries.editEntry', who)}
        >
          {t('common.edit')}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => onDuplicate(e)}
          aria-label={t('entries.duplicateEntry', who)}
        >
          {t('entries.duplicate')}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small btn-danger-text"
          disabled={invoiced !== null}
          aria-describedby={lockReason}
          onClick={() => onDelete(e.id)}
          aria-label={t('entries.deleteEntry', who)}
        >
          {t('common.delete')}
        </button>
      </div>
    </li>
  );
  return (
    <>
      {row}
      {form}
    </>
  );
});
