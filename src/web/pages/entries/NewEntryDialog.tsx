// The new-entry dialog of the entries page, also for "Duplicate entry". Its time defaults to the latest free slot
// of today (new-entry-slot.ts: after the day's last entry, never inside the running timer), so it waits for today's
// entries and the timer before showing the form. A form with changes is not thrown away by the backdrop, Escape or
// ×: a second dialog asks first.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { entriesChanged, queries } from '../../api/queries.js';
import type { TimeEntry } from '../../api/types.js';
import { duplicateValues, slotValues } from '../../components/entry-form-values.js';
import { LazyEntryForm as EntryForm } from '../../components/LazyEntryForm.js';
import { newEntrySlot, type Busy } from '../../components/new-entry-slot.js';
import { toast } from '../../components/toasts.js';
import { Dialog, Skeleton } from '../../components/ui.js';
import { nowEpoch, toEpoch, toIso } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';

export function NewEntryDialog({ open, copyOf, onClose }: { open: boolean; copyOf: TimeEntry | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [dirty, setDirty] = useState(false);
  const [asking, setAsking] = useState(false);
  const close = () => {
    setDirty(false);
    setAsking(false);
    onClose();
  };
  const requestClose = () => (dirty ? setAsking(true) : close());
  return (
    <>
      <Dialog open={open} title={copyOf ? t('entries.duplicateTitle') : t('entries.newTitle')} onClose={requestClose} wide>
        <NewEntryBody copyOf={copyOf} onDirtyChange={setDirty} onCancel={requestClose} onDone={close} />
      </Dialog>
      <Dialog open={open && asking} title={t('entryForm.discardTitle')} onClose={() => setAsking(false)}>
        <p>{t('entryForm.discardText')}</p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => setAsking(false)}>
            {t('entryForm.keepEditing')}
          </button>
          <button type="button" className="btn btn-danger" onClick={close}>
            {t('entryForm.discard')}
          </button>
        </div>
      </Dialog>
    </>
  );
}

function NewEntryBody({
  copyOf,
  onDirtyChange,
  onCancel,
  onDone,
}: {
  copyOf: TimeEntry | null;
  onDirtyChange: (dirty: boolean) => void;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const client = useQueryClient();
  const [now] = useState(nowEpoch);
  const today = fmt.range('today', now);
  const day = useQuery(queries.entriesInRange(toIso(today.from), toIso(today.to)));
  const timer = useQuery(queries.timer());
  // Without them (an error) the slot is worked out from what is known: the server still refuses an overlap.
  if (day.isPending || timer.isPending) return <Skeleton lines={4} />;
  const busy: Busy[] = (day.data ?? []).map((e) => ({
    start: toEpoch(e.start_time),
    end: e.end_time ? toEpoch(e.end_time) : null,
  }));
  const running = timer.data?.timer;
  if (running) busy.push({ start: toEpoch(running.start_time), end: null });
  const slot = newEntrySlot(now, today.from, busy);
  return (
    <EntryForm
      idPrefix="new"
      initial={copyOf ? duplicateValues(copyOf, fmt, slot) : slotValues(fmt, slot)}
      submitLabel={t('entries.addSubmit')}
      onCancel={onCancel}
      onDirtyChange={onDirtyChange}
      onSubmit={async (body) => {
        await api.post('/time-entries', { body });
        void entriesChanged(client);
        toast(t('entries.added'), { kind: 'success' });
        onDone();
      }}
    />
  );
}
