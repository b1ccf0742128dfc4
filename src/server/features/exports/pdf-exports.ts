// The PDF exports: the summary report and the entry detail, both in the requesting user's language (document-
// messages.ts), dates and money in their locale, the applied filters in words, and `export.completed`.
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { rangeDays } from '../../../shared/time-math.js';
import type { Principal } from '../auth/principal.js';
import { activeFilterNames } from '../time-entries/entry-filters.js';
import { rangeLocalDates } from '../reports/report-math.js';
// eslint-disable-next-line no-restricted-imports -- the summary PDF is the report's summary: one computation, no drift.
import { computeSummary, type SummaryInput } from '../reports/reports.service.js';
import { documentFormat } from './document-format.js';
import { filterLines, periodLine } from './document-header.js';
import { documentLocale } from './document-messages.js';
import { renderEntriesPdf } from './entries-pdf.js';
import { completionTracker, entryPages, prepare, type EntryExportInput, type ExportFile } from './exports.service.js';
import { countSelected } from './exports.queries.js';
import { renderSummaryPdf } from './summary-pdf.js';

/**
 * The entry-detail PDF holds every page in memory until it knows how many there are ("Page x of y"); about
 * 25 entries fit on a page, so this is some 400 pages. Larger selections are for CSV/XLSX.
 */
export const ENTRIES_PDF_MAX_ROWS = 10_000;

function formatFor(ctx: AppContext, principal: Principal, timeZone: string) {
  const doc = documentLocale(principal.user.language);
  const fmt = documentFormat({ doc, timeZone, currency: ctx.config.CURRENCY, timeFormat: principal.user.time_format });
  return { doc, fmt };
}

/** The summary report as a PDF (same query, rules and numbers as GET /reports/summary). */
export async function exportSummaryPdf(ctx: AppContext, principal: Principal, input: SummaryInput): Promise<ExportFile> {
  const summary = await computeSummary(ctx, principal, input);
  const filterNames = [...activeFilterNames(input), ...(input.timezone !== undefined ? ['timezone'] : [])];
  const completed = completionTracker('pdf', { rangeDays: rangeDays(summary.from, summary.to), filterNames });
  const { doc, fmt } = formatFor(ctx, principal, summary.timezone);
  const headerLines = [
    periodLine(doc, fmt, summary.filters, summary.timezone),
    ...(await filterLines(ctx.db, doc, { filters: summary.filters, scope: summary.scope, timeZone: summary.timezone })),
  ];
  const { first, last } = rangeLocalDates(summary.from, summary.to, summary.timezone);
  const stream = renderSummaryPdf(summary, { doc, fmt, headerLines, generatedAt: nowSeconds() });
  stream.once('end', () => completed(summary.groups.length));
  return { filename: `timetracker-summary-${first}_${last}.pdf`, contentType: 'application/pdf', stream };
}

/** The selected entries, one row each, as a PDF (the filters and order of the CSV). */
export async function exportEntriesPdf(ctx: AppContext, principal: Principal, input: EntryExportInput): Promise<ExportFile> {
  const prepared = await prepare(ctx, principal, input);
  if ((await countSelected(ctx.db, prepared.selection, ENTRIES_PDF_MAX_ROWS + 1)) > ENTRIES_PDF_MAX_ROWS) {
    throw new AppError(
      400,
      'too_many_rows',
      `The entry PDF lists at most ${ENTRIES_PDF_MAX_ROWS} entries; narrow the filters or export CSV or XLSX.`,
    );
  }
  const completed = completionTracker('pdf', prepared);
  const timeZone = prepared.zone.timeZone;
  const { doc, fmt } = formatFor(ctx, principal, timeZone);
  const { filters, scope } = prepared.selection;
  const headerLines = [
    periodLine(doc, fmt, filters, timeZone),
    ...(await filterLines(ctx.db, doc, { filters, scope, timeZone })),
  ];
  const stream = renderEntriesPdf(
    entryPages(ctx, prepared.selection),
    { doc, fmt, headerLines, generatedAt: nowSeconds(), showUser: scope === 'all' },
    (totals) => completed(totals.entries),
  );
  return { filename: `timetracker-entries-${prepared.rangeName}.pdf`, contentType: 'application/pdf', stream };
}
