// Time entries: filters (kept in the URL), the list a page at a time grouped by day with the server's totals,
// the running timer at the top, inline editing, delete with undo, bulk actions on a selection, the manual entry form and the CSV import.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { entriesChanged } from '../../api/queries.js';
import { LazyEntryForm as EntryForm } from '../../components/LazyEntryForm.js';
import { emptyValues } from '../../components/entry-form-values.js';
import { ImportDialog } from '../../components/ImportDialog.js';
import { toast } from '../../components/toasts.js';
import { Dialog, EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { setQuery, useLocation } from '../../lib/router.js';
import { formatDuration, nowEpoch, type RangePreset } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useClients, useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { useTimer } from '../../state/timer.js';
import { BulkBar } from './BulkBar.js';
import { DayGroup, type Lookups } from './DayGroup.js';
import { apiFilters, filtersFromQuery } from './entry-filters.js';
import { FilterBar } from './FilterBar.js';
import { LoadMore } from './LoadMore.js';
import { RunningEntry } from './RunningEntry.js';
import { useEntryMutations } from './useEntryMutations.js';
import { useEntryPages } from './useEntryPages.js';

const PRESETS: RangePreset[] = ['this_week', 'last_week', 'this_month', 'last_month', 'custom'];

export function EntriesPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.entries'));
  const fmt = useFmt();
  const client = useQueryClient();
  const { query } = useLocation();
  const filters = filtersFromQuery(query);
  const entryFilters = apiFilters(filters, fmt);
  const list = useEntryPages(entryFilters);
  const { timer } = useTimer();
  // The running timer heads the list when the server lists it for these filters and the range includes now.
  const running =
    timer && timer.id === list.runningId && entryFilters.to !== undefined && nowEpoch() < Date.parse(entryFilters.to) / 1000
      ? timer
      : null;
  const { update, remove, bulk } = useEntryMutations();
  const { byId: projects, projects: allProjects } = useProjects();
  const { byId: tasks } = useTasks();
  const { byId: clients } = useClients();
  const lookups = useMemo<Lookups>(() => ({ projects, tasks, clients }), [projects, tasks, clients]);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [importing, setImporting] = useState(false);
  const creating = query.get('new') === '1';

  const onToggle = useCallback(
    (id: number) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );
  const actions = useMemo(
    () => ({ onToggle, onDelete: remove.mutate, onSave: update.mutateAsync }),
    [onToggle, remove.mutate, update.mutateAsync],
  );
  const { loadMore: fetchNext, loadingMore } = list;
  const loadMore = useCallback(() => {
    if (!loadingMore) void fetchNext();
  }, [fetchNext, loadingMore]);
  // Selected entries that are no longer listed (deleted, filtered away) are no longer selected.
  const selectedIds = list.entries.filter((e) => selected.has(e.id)).map((e) => e.id);
  const allSelected = list.entries.length > 0 && selectedIds.length === list.entries.length;

  return (
    <>
      <PageHeader
        title={t('nav.entries')}
        subtitle={
          list.summary
            ? t('entries.summary', { count: list.summary.count, total: formatDuration(list.summary.seconds) })
            : undefined
        }
      >
        <button type="button" className="btn" onClick={() => setImporting(true)}>
          {t('entries.importCsv')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setQuery({ new: '1' }, { replace: false })}>
          {t('common.newEntry')} <kbd aria-hidden="true">n</kbd>
        </button>
      </PageHeader>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <FilterBar filters={filters} presets={PRESETS} />

      {selectedIds.length > 0 && (
        <BulkBar ids={selectedIds} busy={bulk.isPending} onRun={bulk.mutate} onClear={() => setSelected(new Set())} />
      )}

      {running && list.loaded && <RunningEntry timer={running} />}

      {list.error ? (
        <ErrorPanel error={list.error} retry={list.retry} />
      ) : !list.loaded ? (
        <section className="card">
          <Skeleton lines={6} />
        </section>
      ) : list.entries.length === 0 && !list.hasNextPage ? (
        <EmptyState
          title={t('entries.emptyTitle')}
          action={
            <button type="button" className="btn" onClick={() => setQuery({ new: '1' }, { replace: false })}>
              {t('entries.addEntry')}
            </button>
          }
        >
          {allProjects.length === 0 ? t('entries.emptyNoProjects') : t('entries.emptyFiltered')}
        </EmptyState>
      ) : (
        <>
          <div className="select-all">
            <input
              id="select-all"
              type="checkbox"
              checked={allSelected}
              onChange={() => setSelected(allSelected ? new Set() : new Set(list.entries.map((e) => e.id)))}
            />
            <label htmlFor="select-all">{t('entries.selectAll', { n: list.entries.length })}</label>
          </div>
          {list.groups.map((day) => (
            <DayGroup
              key={day.key}
              day={day}
              totalSeconds={list.dayTotals ? (list.dayTotals.get(day.key) ?? 0) : undefined}
              selected={selected}
              lookups={lookups}
              actions={actions}
            />
          ))}
          <LoadMore hasMore={list.hasNextPage} loading={loadingMore} pages={list.pageCount} onLoad={loadMore} />
        </>
      )}

      <Dialog open={creating} title={t('entries.newTitle')} onClose={() => setQuery({ new: null })} wide>
        <EntryForm
          idPrefix="new"
          initial={emptyValues(fmt, nowEpoch())}
          submitLabel={t('entries.addSubmit')}
          onCancel={() => setQuery({ new: null })}
          onSubmit={async (body) => {
            await api.post('/time-entries', { body });
            setQuery({ new: null });
            void entriesChanged(client);
            toast(t('entries.added'), { kind: 'success' });
          }}
        />
      </Dialog>
    </>
  );
}
