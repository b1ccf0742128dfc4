// The calendar: a day or a week of entries as blocks in the user's time zone, the view and the date in the URL
// (`?view=week&date=YYYY-MM-DD`, so a reload or a link shows the same week). A phone opens on the day view.
//
// Creating from empty time opens the new-entry form with the dragged range and the last used project filled in,
// rather than saving at once: a range alone says nothing about the project, task or notes, and an entry saved on a
// guessed project is a correction later. With the project prefilled, Enter saves it, so it costs one key more.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import type { TimeEntry } from '../../api/types.js';
import { LazyEntryForm as EntryForm } from '../../components/LazyEntryForm.js';
import { emptyValues, valuesFromEntry } from '../../components/entry-form-values.js';
import { Dialog, ErrorPanel, PageHeader } from '../../components/ui.js';
import { setQuery, useLocation } from '../../lib/router.js';
import { formatDuration, toIso } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useProjects } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { useTimer } from '../../state/timer.js';
import { parseDayKey, visibleDays, type CalendarView } from './calendar-layout.js';
import { CalendarToolbar } from './CalendarToolbar.js';
import type { NewRange } from './DayColumn.js';
import type { BlockActions } from './EntryBlock.js';
import { useMinuteClock } from './RunningBlock.js';
import { TimeGrid } from './TimeGrid.js';
import { useCalendarChanges, type Reschedule } from './use-calendar-changes.js';
import './calendar.css';

const PHONE = '(max-width: 640px)';

type Editing = { mode: 'new'; range: NewRange } | { mode: 'edit'; entry: TimeEntry } | null;

export function CalendarPage() {
  const { t } = useTranslation();
  usePageTitle(t('calendar.title'));
  const fmt = useFmt();
  const { query } = useLocation();
  const now = useMinuteClock();
  const { timer } = useTimer();
  const { byId: projects } = useProjects();
  const changes = useCalendarChanges();
  const [editing, setEditing] = useState<Editing>(null);

  const viewParam = query.get('view');
  const view: CalendarView =
    viewParam === 'day' || viewParam === 'week' ? viewParam : window.matchMedia?.(PHONE).matches ? 'day' : 'week';
  const date = parseDayKey(query.get('date')) ?? parseDayKey(fmt.dayKey(now))!;
  const days = visibleDays(view, date, fmt.tz, fmt.weekStart);
  const from = days[0]!.start;
  const to = days[days.length - 1]!.end;

  const range = useQuery(queries.entriesInRange(toIso(from), toIso(to)));
  // The running timer is drawn from the timer itself (growing), never as a stored entry.
  const entries = (range.data ?? []).filter((e) => e.end_time !== null && e.id !== timer?.id);
  const recent = useQuery(queries.recentEntries());
  const lastProject = recent.data?.find((e) => projects.get(e.project_id)?.status === 'active')?.project_id ?? null;
  const projectLabel = (id: number) => projects.get(id)?.name ?? t('common.projectNumber', { id: String(id) });

  // A block moved with the keyboard into another day is a new element: focus follows it there.
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    if (refocus.current === null) return;
    const block = document.querySelector<HTMLElement>(`.cal-block[data-entry-id="${refocus.current}"]`);
    if (block && block !== document.activeElement) block.focus();
    if (block) refocus.current = null;
  });
  const actions: BlockActions = {
    reschedule: (change: Reschedule) => {
      const active = document.activeElement as HTMLElement | null;
      if (active?.dataset.entryId === String(change.entry.id)) refocus.current = change.entry.id;
      changes.reschedule(change);
    },
    edit: (entry) => setEditing({ mode: 'edit', entry }),
    remove: (entry) => changes.remove(entry),
  };

  const newValues = (r: NewRange) => ({
    ...emptyValues(fmt, r.end),
    date: fmt.date(r.start),
    start: fmt.timeText(r.start),
    end: fmt.timeText(r.end),
    duration: formatDuration(r.end - r.start),
    project_id: lastProject,
  });
  const close = () => setEditing(null);

  return (
    <>
      <PageHeader title={t('calendar.title')}>
        <CalendarToolbar view={view} date={date} today={fmt.dayKey(now)} days={days} fmt={fmt} />
      </PageHeader>
      {range.error ? (
        <ErrorPanel error={range.error} retry={() => void range.refetch()} />
      ) : (
        <div aria-busy={range.isPending}>
          <TimeGrid
            days={days}
            entries={entries}
            timer={timer && timer.id > 0 ? timer : null}
            now={now}
            projects={projects}
            fmt={fmt}
            actions={actions}
            onCreate={(r) => setEditing({ mode: 'new', range: r })}
            onOpenDay={(day) => setQuery({ view: 'day', date: day.key }, { replace: false })}
            projectLabel={projectLabel}
          />
        </div>
      )}
      <Dialog
        open={editing !== null}
        title={editing?.mode === 'edit' ? t('calendar.editTitle') : t('calendar.newTitle')}
        onClose={close}
        wide
      >
        {editing?.mode === 'new' && (
          <EntryForm
            key={`${editing.range.start}-${editing.range.end}`}
            idPrefix="calendar-new"
            initial={newValues(editing.range)}
            submitLabel={t('calendar.addSubmit')}
            onCancel={close}
            onSubmit={async (body) => {
              await changes.create(body);
              close();
            }}
          />
        )}
        {editing?.mode === 'edit' && (
          <EntryForm
            key={editing.entry.id}
            idPrefix="calendar-edit"
            initial={valuesFromEntry(editing.entry, fmt)}
            submitLabel={t('common.save')}
            onCancel={close}
            onSubmit={async (body) => {
              await changes.update(editing.entry, body);
              close();
            }}
          />
        )}
      </Dialog>
    </>
  );
}
