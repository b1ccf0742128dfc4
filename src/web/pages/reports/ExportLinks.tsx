// Downloads of what the report shows: the entries as CSV (optionally with a byte order mark for Excel and column
// names in the user's language), Excel and an entry-detail PDF with the report's filters, and the summary PDF
// with its grouping too. Plain links: the browser downloads with the session cookie.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { queryString } from '../../api/client.js';
import type { EntryFilters, SummaryQuery } from '../../api/queries.js';

const BASE = '/api/v1/exports';

export function ExportLinks({
  entryQuery,
  summaryQuery,
  summaryHint,
  excelFriendly = false,
}: {
  entryQuery: EntryFilters;
  summaryQuery: SummaryQuery;
  /** What the summary PDF holds, where "this summary" would not say it (the entries page shows no summary). */
  summaryHint?: string;
  /** Start with labelled columns and the byte order mark ticked: what someone opening the file in Excel wants. */
  excelFriendly?: boolean;
}) {
  const { t } = useTranslation();
  const [bom, setBom] = useState(excelFriendly);
  const [labels, setLabels] = useState(excelFriendly);
  const table = { ...entryQuery, ...(labels ? { headers: 'labels' } : {}) };
  const csv = queryString({ ...table, ...(bom ? { bom: 'true' } : {}) });
  return (
    <div className="export-box">
      <div className="export-links" role="group" aria-label={t('reports.export')}>
        <a className="btn btn-small" href={`${BASE}/time-entries.csv${csv}`} download>
          CSV
        </a>
        <a className="btn btn-small" href={`${BASE}/time-entries.xlsx${queryString(table)}`} download>
          Excel
        </a>
        <a
          className="btn btn-small"
          href={`${BASE}/summary.pdf${queryString(summaryQuery)}`}
          download
          title={summaryHint ?? t('reports.summaryPdfHint')}
        >
          PDF
        </a>
        <a
          className="btn btn-small"
          href={`${BASE}/time-entries.pdf${queryString(entryQuery)}`}
          download
          title={t('reports.entriesPdfHint')}
        >
          {t('reports.entriesPdf')}
        </a>
      </div>
      <div className="export-options">
        <label className="check">
          <input type="checkbox" checked={labels} onChange={(e) => setLabels(e.target.checked)} />
          {t('reports.exportLabels')}
        </label>
        <label className="check">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
          {t('reports.exportBom')}
        </label>
      </div>
    </div>
  );
}
