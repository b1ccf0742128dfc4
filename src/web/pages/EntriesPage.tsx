// Time entries: filters (kept in the URL), the list grouped by day with day totals, inline editing, delete with
// undo, bulk actions on a selection, and the manual entry form.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fetchAll, queryString, type ApiBody, type ApiQuery } from '../api/client.js';
import type { TimeEntry } from '../api/types.js';
import { EntryForm, emptyValues, valuesFromEntry } from '../components/EntryForm.js';
import { ImportDialog } from '../components/ImportDialog.js';
import { parseTags } from '../components/ProjectPicker.js';
import { toast, toastError } from '../components/toasts.js';
import { Badge, ColorDot, Dialog, EmptyState, ErrorPanel, PageHeader, Skeleton } from '../components/ui.js';
import { invalidate, useResource } from '../lib/resource.js';
import { setQuery, useLocation } from '../lib/router.js';
import { formatDuration, nowEpoch, RANGE_PRESETS, toEpoch, toIso, type RangePreset, type TimeFormat } from '../lib/time.js';
import { usePageTitle } from '../lib/title.js';
import { projectColor, useClients, useProjects, useTasks } from '../state/data.js';
import { useFmt } from '../state/session.js';

const PRESETS: RangePreset[] = ['this_week', 'last_week', 'this_month', 'last_month', 'custom'];

const RANGE_KEYS = {
  today: 'range.today',
  this_week: 'range.this_week',
  last_week: 'range.last_week',
  this_month: 'range.this_month',
  last_month: 'range.last_month',
  last_7_days: 'range.last_7_days',
  this_year: 'range.this_year',
  custom: 'range.custom',
} as const satisfies Record<RangePreset, string>;

export interface EntryFilters {
  range: RangePreset;
  from: string | null;
  to: string | null;
  project_id: string | null;
  client_id: string | null;
  tag: string | null;
  billable: string | null;
  q: string | null;
}

export function filtersFromQuery(query: URLSearchParams, fallback: RangePreset = 'this_week'): EntryFilters {
  const range = query.get('range') as RangePreset | null;
  return {
    range: range && RANGE_PRESETS.includes(range) ? range : fallback,
    from: query.get('from'),
    to: query.get('to'),
    project_id: query.get('project_id'),
    client_id: query.get('client_id'),
    tag: query.get('tag'),
    billable: query.get('billable'),
    q: query.get('q'),
  };
}

/** The API query (instants in UTC) for the filters, computed in the user's time zone. */
export function apiFilters(f: EntryFilters, fmt: TimeFormat): EntriesQuery {
  const range = fmt.range(f.range, nowEpoch(), { from: f.from, to: f.to });
  return {
    from: toIso(range.from),
    to: toIso(range.to),
    project_id: f.project_id ? Number(f.project_id) : undefined,
    client_id: f.client_id ? Number(f.client_id) : undefined,
    tag: f.tag ?? undefined,
    // As the address bar has it: the server checks it (and answers 400 for anything else).
    billable: (f.billable ?? undefined) as EntriesQuery['billable'],
    q: f.q ?? undefined,
  };
}
type EntriesQuery = Omit<ApiQuery<'get', '/time-entries'>, 'cursor' | 'limit'>;

export function FilterBar({
  filters,
  presets,
  children,
}: {
  filters: EntryFilters;
  presets: RangePreset[];
  children?: ReactNode;
}) {
  const { projects } = useProjects();
  const { clients } = useClients();
  const fmt = useFmt();
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  useEffect(() => {
    const id = window.setTimeout(() => setQuery({ q: search.trim() || null }), 300);
    return () => window.clearTimeout(id);
  }, [search]);
  const range = fmt.range(filters.range, nowEpoch(), { from: filters.from, to: filters.to });
  return (
    <section className="filters card" aria-label={t('common.filters')}>
      <div className="field">
        <label htmlFor="f-range">{t('filters.period')}</label>
        <select
          id="f-range"
          value={filters.range}
          onChange={(e) => {
            const value = e.target.value as RangePreset;
            if (value === 'custom') setQuery({ range: value, from: fmt.dayKey(range.from), to: fmt.dayKey(range.to - 1) });
            else setQuery({ range: value, from: null, to: null });
          }}
        >
          {presets.map((p) => (
            <option key={p} value={p}>
              {t(RANGE_KEYS[p])}
            </option>
          ))}
        </select>
      </div>
      {filters.range === 'custom' && (
        <>
          <div className="field">
            <label htmlFor="f-from">{t('filters.from')}</label>
            <input id="f-from" type="date" value={filters.from ?? ''} onChange={(e) => setQuery({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t('filters.to')}</label>
            <input id="f-to" type="date" value={filters.to ?? ''} onChange={(e) => setQuery({ to: e.target.value })} />
          </div>
        </>
      )}
      <div className="field">
        <label htmlFor="f-project">{t('common.project')}</label>
        <select id="f-project" value={filters.project_id ?? ''} onChange={(e) => setQuery({ project_id: e.target.value })}>
          <option value="">{t('common.allProjects')}</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.status === 'archived' ? t('filters.archivedSuffix', { name: p.name }) : p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-client">{t('common.client')}</label>
        <select id="f-client" value={filters.client_id ?? ''} onChange={(e) => setQuery({ client_id: e.target.value })}>
          <option value="">{t('common.allClients')}</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-tag">{t('common.tag')}</label>
        <input
          id="f-tag"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          onBlur={() => setQuery({ tag: tag.trim() || null })}
          onKeyDown={(e) => e.key === 'Enter' && setQuery({ tag: tag.trim() || null })}
          placeholder={t('filters.anyTag')}
        />
      </div>
      <div className="field">
        <label htmlFor="f-billable">{t('common.billable')}</label>
        <select id="f-billable" value={filters.billable ?? ''} onChange={(e) => setQuery({ billable: e.target.value })}>
          <option value="">{t('common.all')}</option>
          <option value="true">{t('common.billable')}</option>
          <option value="false">{t('common.notBillable')}</option>
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor="f-q">{t('filters.searchNotes')}</label>
        <input
          id="f-q"
          type="search"
          data-search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('filters.searchNotesPlaceholder')}
        />
      </div>
      <p className="filters-range muted small">
        {fmt.date(range.from)} – {fmt.date(range.to - 1)}
      </p>
      {children}
    </section>
  );
}

export function EntriesPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.entries'));
  const fmt = useFmt();
  const { query } = useLocation();
  const filters = filtersFromQuery(query);
  const entryQuery = apiFilters(filters, fmt);
  const key = `entries:${queryString(entryQuery)}`;
  const list = useResource(key, () => fetchAll('/time-entries', entryQuery));
  const { byId: projects, projects: allProjects } = useProjects();
  const { byId: tasks } = useTasks();
  const { byId: clients } = useClients();
  const [editing, setEditing] = useState<number | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const [importing, setImporting] = useState(false);
  const creating = query.get('new') === '1';

  const entries = useMemo(() => (list.data ?? []).filter((e) => !hidden.has(e.id) && e.end_time !== null), [list.data, hidden]);
  const days = useMemo(() => {
    const groups = new Map<string, { start: number; entries: TimeEntry[]; total: number }>();
    for (const e of entries) {
      const start = toEpoch(e.start_time);
      const k = fmt.dayKey(start);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { start, entries: [], total: 0 }));
      g.entries.push(e);
      g.total += e.duration_seconds ?? 0;
    }
    return [...groups.entries()].sort((a, b) => (a[0] < b[0] ? 1 : -1));
  }, [entries, fmt]);
  const total = entries.reduce((s, e) => s + (e.duration_seconds ?? 0), 0);

  const reloadAll = () => invalidate('entries', 'dash', 'report');
  // Deleted rows hide at once; a restore (Undo) brings the same ids back, so they must show again.
  const show = (ids: number[]) =>
    setHidden((h) => {
      const n = new Set(h);
      for (const id of ids) n.delete(id);
      return n;
    });

  const remove = async (e: TimeEntry) => {
    setHidden((h) => new Set(h).add(e.id));
    try {
      await api.delete('/time-entries/{id}', { params: { path: { id: e.id } } });
      reloadAll();
      toast(t('entries.deleted'), {
        action: {
          label: t('common.undo'),
          run: () => {
            // The same entry comes back (id, source, rounding), not a copy.
            api.post('/time-entries/restore', { body: { ids: [e.id] } }).then(() => {
              toast(t('entries.restored'), { kind: 'success' });
              show([e.id]);
              reloadAll();
            }, toastError);
          },
        },
      });
    } catch (error) {
      show([e.id]);
      toastError(error);
    }
  };

  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allSelected = entries.length > 0 && entries.every((e) => selected.has(e.id));

  return (
    <>
      <PageHeader
        title={t('nav.entries')}
        subtitle={list.data ? t('entries.summary', { count: entries.length, total: formatDuration(total) }) : undefined}
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

      {selected.size > 0 && (
        <BulkBar
          ids={[...selected]}
          onDone={() => setSelected(new Set())}
          onHide={(ids) => setHidden((h) => new Set([...h, ...ids]))}
          onShow={show}
        />
      )}

      {list.error ? (
        <ErrorPanel error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <section className="card">
          <Skeleton lines={6} />
        </section>
      ) : entries.length === 0 ? (
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
              onChange={() => setSelected(allSelected ? new Set() : new Set(entries.map((e) => e.id)))}
            />
            <label htmlFor="select-all">{t('entries.selectAll', { n: entries.length })}</label>
          </div>
          {days.map(([dayKey, day]) => (
            <section key={dayKey} className="day card" aria-labelledby={`day-${dayKey}`}>
              <header className="day-head">
                <h2 id={`day-${dayKey}`}>{fmt.dayHeading(day.start)}</h2>
                <span className="day-total mono" aria-label={t('entries.dayTotal', { duration: formatDuration(day.total) })}>
                  {formatDuration(day.total)}
                </span>
              </header>
              <ul className="entries">
                {day.entries.map((e) => {
                  const p = projects.get(e.project_id);
                  const task = e.task_id ? tasks.get(e.task_id) : undefined;
                  const client = e.client_id ? clients.get(e.client_id) : p?.client_id ? clients.get(p.client_id) : undefined;
                  const start = toEpoch(e.start_time);
                  const end = e.end_time ? toEpoch(e.end_time) : start;
                  if (editing === e.id) {
                    return (
                      <li key={e.id} className="entry editing" data-entry-id={e.id}>
                        <EntryForm
                          idPrefix={`edit-${e.id}`}
                          compact
                          initial={valuesFromEntry(e, fmt)}
                          submitLabel={t('common.save')}
                          onCancel={() => setEditing(null)}
                          onSubmit={async (body) => {
                            await api.patch('/time-entries/{id}', { params: { path: { id: e.id } }, body });
                            setEditing(null);
                            reloadAll();
                            toast(t('entries.saved'), { kind: 'success' });
                          }}
                        />
                      </li>
                    );
                  }
                  return (
                    <li key={e.id} className="entry" data-entry-id={e.id}>
                      <input
                        type="checkbox"
                        checked={selected.has(e.id)}
                        onChange={() => toggle(e.id)}
                        aria-label={t('entries.selectEntry', { project: p?.name ?? '', time: fmt.time(start) })}
                      />
                      <div className="entry-main">
                        <div className="entry-title">
                          <ColorDot color={projectColor(p)} />{' '}
                          <strong>{p?.name ?? t('common.projectNumber', { id: String(e.project_id) })}</strong>
                          {task && <span className="muted"> › {task.name}</span>}
                          {client && <span className="muted small"> · {client.name}</span>}
                        </div>
                        <div className="entry-notes">{e.notes || <span className="muted">{t('entries.noNotes')}</span>}</div>
                        {(e.tags.length > 0 || e.billable) && (
                          <div className="entry-badges">
                            {e.billable && <Badge tone="good">{t('common.billableBadge')}</Badge>}
                            {e.tags.map((tag) => (
                              <Badge key={tag}>{tag}</Badge>
                            ))}
                          </div>
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
                          onClick={() => setEditing(e.id)}
                          aria-label={t('entries.editEntry', { project: p?.name ?? '', time: fmt.time(start) })}
                        >
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          className="btn btn-ghost btn-small btn-danger-text"
                          onClick={() => void remove(e)}
                          aria-label={t('entries.deleteEntry', { project: p?.name ?? '', time: fmt.time(start) })}
                        >
                          {t('common.delete')}
                        </button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
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
            reloadAll();
            toast(t('entries.added'), { kind: 'success' });
          }}
        />
      </Dialog>
    </>
  );
}

type BulkChange = ApiBody<'post', '/time-entries/bulk'>;
type BulkValue<A extends BulkChange['action']> = Extract<BulkChange, { action: A }> extends { value: infer V } ? V : never;

function BulkBar({
  ids,
  onDone,
  onHide,
  onShow,
}: {
  ids: number[];
  onDone: () => void;
  onHide: (ids: number[]) => void;
  onShow: (ids: number[]) => void;
}) {
  const { projects } = useProjects();
  const { t } = useTranslation();
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async <A extends BulkChange['action']>(action: A, value?: BulkValue<A>, message?: string) => {
    setBusy(true);
    try {
      // The call sites are checked against the generated union; TypeScript cannot relate `action` to `value` here.
      const body = { ids, action, ...(value !== undefined ? { value } : {}) } as BulkChange;
      const answer = await api.post('/time-entries/bulk', { body });
      invalidate('entries', 'dash', 'report');
      if (action === 'delete') {
        onHide(ids);
        toast(t('bulk.deleted', { count: answer.updated }), {
          action: {
            label: t('common.undo'),
            run: () => {
              api.post('/time-entries/restore', { body: { ids } }).then(
                () => {
                  toast(t('bulk.restored'), { kind: 'success' });
                  onShow(ids);
                  invalidate('entries', 'dash', 'report');
                },
                (error: unknown) => {
                  toastError(error);
                  invalidate('entries', 'dash', 'report');
                },
              );
            },
          },
        });
      } else {
        toast(message ?? t('bulk.updated', { count: answer.updated }), { kind: 'success' });
      }
      onDone();
    } catch (error) {
      toastError(error);
    } finally {
      setBusy(false);
    }
  };
  const tags = parseTags(tag);
  return (
    <section className="bulk card" aria-label={t('bulk.label')}>
      <strong>{t('bulk.selected', { count: ids.length })}</strong>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void run('set_billable', true, t('bulk.markedBillable'))}
      >
        {t('bulk.markBillable')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void run('set_billable', false, t('bulk.markedNotBillable'))}
      >
        {t('bulk.markNotBillable')}
      </button>
      <label className="sr-only" htmlFor="bulk-project">
        {t('bulk.moveTo')}
      </label>
      <select
        id="bulk-project"
        disabled={busy}
        value=""
        onChange={(e) => {
          if (e.target.value) void run('set_project', Number(e.target.value), t('bulk.moved'));
        }}
      >
        <option value="">{t('bulk.moveToOption')}</option>
        {projects
          .filter((p) => p.status === 'active')
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </select>
      <label className="sr-only" htmlFor="bulk-tag">
        {t('common.tag')}
      </label>
      <input
        id="bulk-tag"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
        placeholder={t('bulk.tagPlaceholder')}
        className="input-small"
      />
      <button
        type="button"
        className="btn btn-small"
        disabled={busy || tags.length === 0}
        onClick={() => void run('add_tags', tags, t('bulk.tagsAdded'))}
      >
        {t('bulk.addTag')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={busy || tags.length === 0}
        onClick={() => void run('remove_tags', tags, t('bulk.tagsRemoved'))}
      >
        {t('bulk.removeTag')}
      </button>
      <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => void run('delete')}>
        {t('common.delete')}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
        {t('bulk.clear')}
      </button>
    </section>
  );
}
