// The filter bar of the entries and reports pages: every change goes to the address bar (setQuery), which the
// pages read their filters from; the notes search and the tag wait for a pause in typing. The tag field suggests
// the user's existing tags (GET /tags); the custom range's dates are typed in the user's date format.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import { IsoDateInput } from '../../components/DateInput.js';
import { setQuery } from '../../lib/router.js';
import { nowEpoch, type RangePreset } from '../../lib/time.js';
import { useClients, useProjects } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import type { UrlFilters } from './entry-filters.js';

const RANGE_KEYS = {
  today: 'range.today',
  yesterday: 'range.yesterday',
  this_week: 'range.this_week',
  last_week: 'range.last_week',
  this_month: 'range.this_month',
  last_month: 'range.last_month',
  last_7_days: 'range.last_7_days',
  this_year: 'range.this_year',
  custom: 'range.custom',
} as const satisfies Record<RangePreset, string>;

/** The search and the tag apply after this pause in typing. */
const TYPING_PAUSE_MS = 300;

export function FilterBar({ filters, presets, children }: { filters: UrlFilters; presets: RangePreset[]; children?: ReactNode }) {
  const { projects } = useProjects();
  const { clients } = useClients();
  const fmt = useFmt();
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.q ?? '');
  const [tag, setTag] = useState(filters.tag ?? '');
  useEffect(() => {
    const id = window.setTimeout(() => setQuery({ q: search.trim() || null }), TYPING_PAUSE_MS);
    return () => window.clearTimeout(id);
  }, [search]);
  useEffect(() => {
    const id = window.setTimeout(() => setQuery({ tag: tag.trim() || null }), TYPING_PAUSE_MS);
    return () => window.clearTimeout(id);
  }, [tag]);
  const tags = useQuery(queries.tags()).data ?? [];
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
            <IsoDateInput id="f-from" value={filters.from ?? ''} onChange={(from) => setQuery({ from })} />
          </div>
          <div className="field">
            <label htmlFor="f-to">{t('filters.to')}</label>
            <IsoDateInput id="f-to" value={filters.to ?? ''} onChange={(to) => setQuery({ to })} />
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
          list="f-tag-suggestions"
          autoComplete="off"
          value={tag}
          onChange={(e) => setTag(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && setQuery({ tag: tag.trim() || null })}
          placeholder={t('filters.anyTag')}
        />
        <datalist id="f-tag-suggestions">
          {tags.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="f-billable">{t('common.billable')}</label>
        <select id="f-billable" value={filters.billable ?? ''} onChange={(e) => setQuery({ billable: e.target.value })}>
          <option value="">{t('common.all')}</option>
          <option value="true">{t('common.billable')}</option>
          <option value="false">{t('common.notBillable')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-invoiced">{t('invoices.invoicedFilter')}</label>
        <select id="f-invoiced" value={filters.invoiced ?? ''} onChange={(e) => setQuery({ invoiced: e.target.value })}>
          <option value="">{t('common.all')}</option>
          <option value="false">{t('invoices.notInvoiced')}</option>
          <option value="true">{t('invoices.onlyInvoiced')}</option>
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
