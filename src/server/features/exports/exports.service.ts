// Entry exports (CSV here; XLSX in xlsx-export.ts, the PDFs in pdf-exports.ts): who may export what (the list's user scope), the streams
// that produce the files page by page, file names without user text, and `export.completed`.
import { AsyncResource } from 'node:async_hooks';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AppContext } from '../../app-context.js';
import { rangeDays } from '../../../shared/time-math.js';
import { track } from '../analytics/track.js';
import type { Principal } from '../auth/principal.js';
import { activeFilterNames, assertBoundedRange, resolveUserScope, type EntryFilters } from '../time-entries/entry-filters.js';
import { earliestOverlappingStart } from '../reports/entry-scan.js';
import { rangeLocalDates } from '../reports/report-math.js';
import { resolveTimeZone } from '../reports/report-time-zone.js';
import { encodeCsv, Utf8Chunks, type CsvDelimiter } from './csv-encode.js';
import { EXPORT_COLUMNS, csvLine, ZonedFormatter } from './export-rows.js';
import {
  ExportCatalog,
  exportPage,
  pageEnd,
  pageSpan,
  type ExportEntryRow,
  type ExportPage,
  type ExportSelection,
} from './exports.queries.js';
import type { ReaderLease } from './page-reader.js';
import { columnLabel, documentLocale } from './document-messages.js';
import { keptEntries } from '../time-entries/kept-entries.js';

/** Rows read per database round trip: large enough to amortise it, small enough to keep memory flat. */
export const EXPORT_PAGE_SIZE = 5000;

export type { CsvDelimiter } from './csv-encode.js';
export type ExportFormat = 'csv' | 'xlsx' | 'pdf';
/** Column names of a CSV/XLSX: the machine names (default, what the importer reads) or labels in the user's language. */
export type HeaderStyle = 'names' | 'labels';

export interface EntryExportInput extends EntryFilters {
  timezone?: string;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  stream: Readable;
}

interface EntryPage {
  rows: ExportEntryRow[];
}

/** From about this many entries on, an export's pages are read by a thread of its own. */
const ENTRIES_FOR_A_READER_THREAD = 50_000;

/**
 * Whether an export is large enough to pay for starting a reader thread (a few hundred milliseconds of
 * CPU): the entries after its first page, estimated from the time that page covers and the time left down
 * to the earliest possible start. It only chooses how to read; the rows are the same either way.
 */
export async function worthAReaderThread(
  ctx: AppContext,
  selection: ExportSelection,
  page: ExportPage,
  size: number,
): Promise<boolean> {
  const { first, last } = pageSpan(page);
  const lowest =
    selection.earliestStart ??
    Number(
      (
        await keptEntries(ctx.db)
          .select((eb) => eb.fn.min('start_time').as('t'))
          .executeTakeFirst()
      )?.t ?? last,
    );
  if (first === last) return true;
  return (size * (last - lowest)) / (first - last) >= ENTRIES_FOR_A_READER_THREAD;
}

export interface EntryPagesOptions {
  pageSize?: number;
  /** Tests: the reader thread to hand over to after the first full page, whatever the export's size. */
  readerThread?: () => ReaderLease | undefined;
}

/** A read started ahead of its use is marked handled at once: when it fails while the consumer is away
 * (a client that stopped reading), the failure waits for the next `await` instead of crashing the process. */
function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * The selected entries page by page (keyset, list order). A large export (see worthAReaderThread) leases a
 * thread of the reader pool (page-reader.ts) after its first page and hands over to it once it is ready;
 * the thread reads a few pages ahead, so that reading the database overlaps with formatting and writing.
 * Without a free thread the pages are read here. Either way at most a few pages are held at a time, and
 * nothing is read while the consumer does not take pages (back-pressure).
 */
export async function* entryPages(
  ctx: AppContext,
  selection: ExportSelection,
  options: EntryPagesOptions = {},
): AsyncGenerator<EntryPage> {
  const size = options.pageSize ?? EXPORT_PAGE_SIZE;
  const catalog = new ExportCatalog(ctx);
  let reader: ReaderLease | undefined;
  // The next page is requested before the current one is handed on, so that on PostgreSQL the database
  // works on it while this one is formatted (on SQLite the read is synchronous either way).
  let next: Promise<ExportPage> | undefined = readAhead(exportPage(ctx, selection, undefined, size));
  let first = true;
  try {
    for (;;) {
      const page: ExportPage = await next!;
      next = undefined;
      const end = pageEnd(page, size);
      if (first && end.full) {
        if (options.readerThread) reader = options.readerThread();
        else if (await worthAReaderThread(ctx, selection, page, size)) reader = ctx.exportReaders.lease(selection, size);
      }
      first = false;
      const more = end.full ? end.last : undefined;
      next = more && !reader?.ready ? readAhead(exportPage(ctx, selection, more, size)) : undefined;
      yield { rows: await catalog.resolve(page) };
      if (!more) return;
      if (!next && reader) {
        const handedOver = reader;
        reader = undefined;
        for await (const later of handedOver.pagesAfter(more)) {
          yield { rows: await catalog.resolve(later) };
          // A turn for other work between pages here too: with pages read ahead and a client that keeps up, the
          // stream pulled page after page in one macrotask and the event loop stood still for seconds.
          await nextTurn();
        }
        return;
      }
      // Let other work in: a SQLite page is read synchronously, and the reader thread's "ready" is an event.
      await nextTurn();
    }
  } finally {
    reader?.release();
  }
}

export interface PreparedExport {
  selection: ExportSelection;
  zone: ZonedFormatter;
  /** `2026-11-01_2026-11-30`, `from-2026-11-01`, `until-2026-11-30` or `all` */
  rangeName: string;
  rangeDays: number | null;
  filterNames: string[];
}

export async function prepare(ctx: AppContext, principal: Principal, input: EntryExportInput): Promise<PreparedExport> {
  assertBoundedRange(input);
  const scope = resolveUserScope(principal, input.user_id);
  const timezone = resolveTimeZone(input.timezone, principal);
  const { timezone: _tz, ...filters } = input;
  const earliestStart =
    filters.from === undefined ? undefined : await earliestOverlappingStart(ctx.db, scope, filters.from, true);
  const first = filters.from === undefined ? undefined : rangeLocalDates(filters.from, filters.from + 1, timezone).first;
  const last = filters.to === undefined ? undefined : rangeLocalDates(filters.to - 1, filters.to, timezone).first;
  const rangeName = first && last ? `${first}_${last}` : first ? `from-${first}` : last ? `until-${last}` : 'all';
  return {
    selection: { filters, scope, earliestStart },
    zone: new ZonedFormatter(timezone),
    rangeName,
    rangeDays: filters.from !== undefined && filters.to !== undefined ? rangeDays(filters.from, filters.to) : null,
    filterNames: [...activeFilterNames(filters), ...(input.timezone !== undefined ? ['timezone'] : [])],
  };
}

/**
 * Calls `track('export.completed', …)` once the file has been produced, in the request's async context
 * (stream callbacks run outside it).
 */
export function completionTracker(
  format: ExportFormat,
  prepared: Pick<PreparedExport, 'rangeDays' | 'filterNames'>,
): (rows: number) => void {
  const startedAt = performance.now();
  let done = false;
  return AsyncResource.bind((rows: number) => {
    if (done) return;
    done = true;
    track('export.completed', {
      format,
      rows,
      range_days: prepared.rangeDays,
      filters: prepared.filterNames,
      duration_ms: Math.round(performance.now() - startedAt),
    });
  });
}

/** The header row: machine names, or the columns' labels in the requesting user's language. */
export function headerCells(principal: Principal, style: HeaderStyle): string[] {
  if (style === 'names') return [...EXPORT_COLUMNS];
  const doc = documentLocale(principal.user.language);
  return EXPORT_COLUMNS.map((c) => columnLabel(doc, c));
}

/** CSV of the selected entries, streamed: one page of rows becomes one chunk, pulled as the client reads. */
export async function exportEntriesCsv(
  ctx: AppContext,
  principal: Principal,
  input: EntryExportInput,
  options: { delimiter: CsvDelimiter; bom: boolean; headers: HeaderStyle },
): Promise<ExportFile> {
  const prepared = await prepare(ctx, principal, input);
  const completed = completionTracker('csv', prepared);
  const currency = ctx.config.CURRENCY;
  const header = headerCells(principal, options.headers);
  async function* chunks(): AsyncGenerator<Buffer> {
    let rows = 0;
    const out = new Utf8Chunks();
    out.write((options.bom ? '\ufeff' : '') + encodeCsv([header], options.delimiter));
    for await (const page of entryPages(ctx, prepared.selection)) {
      for (const row of page.rows) out.write(csvLine(row, prepared.zone, options.delimiter, currency));
      rows += page.rows.length;
      yield* out.take();
    }
    yield* out.take();
    completed(rows);
  }
  return {
    filename: `timetracker-entries-${prepared.rangeName}.csv`,
    contentType: 'text/csv; charset=utf-8',
    stream: Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 }),
  };
}
