// Time entries: filters (kept in the URL), the list a page at a time grouped by day with the server's totals,
// the running timer at the top, inline editing, delete with undo, bulk actions on a selection, the manual entry
// form, the CSV import and the exports of what the filters select.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { safeNextPath } from '../../../shared/safe-next.js';
import type { TimeEntry } from '../../api/types.js';
import { ImportDialog } from '../../components/ImportDialog.js';
import { EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { navigate, setQuery, useLocation } from '../../lib/router.js';
import { formatDuration, nowEpoch, type RangePreset } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { useClients, useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { ExportLinks } from '../reports/ExportLinks.js';
import { useTimer } from '../../state/timer.js';
import { BulkBar } from './BulkBar.js';
import { DayGroup, type Lookups } from './DayGroup.js';
import { apiFilters, filtersFromQuery } from './entry-filters.js';
import { FilterBar } from './FilterBar.js';
import { LoadMore } from './LoadMore.js';
import { NewEntryDialog } from './NewEntryDialog.js';
import { RunningEntry } from './RunningEntry.js';
import { useEntryMutations } from './useEntryMutations.js';
import { useEntryPages } from './useEntryPages.js';

const PRESETS: RangePreset[] = [
  'today',
  'yesterday',
  'last_7_days',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'custom',
];

export function EntriesPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.entries'));
  const fmt = useFmt();
  const { query } = useLocation();
  const filters = filtersFromQuery(query);
  const entryQuery = apiFilters(filters, fmt);
  const list = useEntryPages(entryQuery);
  const { timer } = useTimer();
  // The running timer heads the list when the server lists it for these filters and the range includes now.
  const running =
    timer && timer.id === list.runningId && entryQuery.to !== undefined && nowEpoch() < Date.parse(entryQuery.to) / 1000
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
  /** The entry "Duplicate" copies into the new-entry form. */
  const [copyOf, setCopyOf] = useState<TimeEntry | null>(null);
  const onDuplicate = useCallback((entry: TimeEntry) => {
    setCopyOf(entry);
    setQuery({ new: '1' }, { replace: false });
  }, []);
  const closeNew = () => {
    setCopyOf(null);
    // Opened from another page (`n` there, see nav.ts openNewEntry): back to it, not left on the entries page.
    const back = query.get('back');
    if (back) navigate(safeNextPath(back, window.location.origin), { replace: true });
    else setQuery({ new: null });
  };

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
    () => ({ onToggle, onDelete: remove.mutate, onSave: update.mutateAsync, onDuplicate }),
    [onToggle, remove.mutate, update.mutateAsync, onDuplicate],
  );
  const { loadMore: fetchNext, loadingMore } = list;
  const loadMore = useCallback(() => {
    if (!loadingMore) void fetchNext();
  }, [fetchNext, loadingMore]);
  // Selected entries that are no longer listed (deleted, filtered away) or got invoiced are no longer selected:
  // invoiced entries cannot be changed, so they are never part of a bulk action.
  const selectable = list.entries.filter((e) => e.invoice_number === null);
  const selectedEntries = selectable.filter((e) => selected.has(e.id));
  const allSelected = selectable.length > 0 && selectedEntries.length === selectable.length;

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
        {/* The downloads hold exactly what the filters below select (the reports page offers the same). */}
        <details className="export-menu">
          <summary className="btn">{t('reports.export')}</summary>
          <div className="export-menu-panel">
            <ExportLinks
              entryQuery={entryQuery}
              summaryQuery={{ ...entryQuery, group_by: 'project', timezone: fmt.tz }}
              summaryHint={t('entries.exportSummaryHint')}
              excelFriendly
            />
          </div>
        </details>
        <button type="button" className="btn btn-primary" onClick={() => setQuery({ new: '1' }, { replace: false })}>
          {t('common.newEntry')} <kbd aria-hidden="true">n</kbd>
        </button>
      </PageHeader>
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <FilterBar filters={filters} presets={PRESETS} />

      {selectedEntries.length > 0 && (
        <BulkBar entries={selectedEntries} busy={bulk.isPending} onRun={bulk.mutate} onClear={() => setSelected(new Set())} />
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
              disabled={selectable.length === 0}
              onChange={() => setSelected(allSelected ? new Set() : new Set(selectable.map((e) => e.id)))}
            />
            <label htmlFor="select-all">{t('entries.selectAll', { n: selectable.length })}</label>
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

      <NewEntryDialog open={creating} copyOf={copyOf} onClose={closeNew} />
    </>
  );
}
