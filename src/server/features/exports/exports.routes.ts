import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { holdHeavyWorkSlot } from '../../http/heavy-work.js';
import { z } from 'zod';
import { booleanQuery, errorResponse } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { entryFiltersQuery } from '../time-entries/entry-filters.js';
import { SUMMARY_DESCRIPTION, summaryQuery } from '../reports/reports.routes.js';
import { endWhenStalled } from './stall-guard.js';
import { exportEntriesCsv, type CsvDelimiter, type ExportFile } from './exports.service.js';
import { exportEntriesXlsx } from './xlsx-export.js';
import { ENTRIES_PDF_MAX_ROWS, exportEntriesPdf, exportSummaryPdf } from './pdf-exports.js';

const timezone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .optional()
  .describe("IANA time zone of the local date/start/end columns; default: the caller's");

const entryExportQuery = entryFiltersQuery.extend({ timezone });

const headers = z
  .enum(['names', 'labels'])
  .optional()
  .describe(
    "column names: `names` (default; the machine names below, what the importer reads) or `labels` (in the requesting user's language)",
  );

const tableQuery = entryExportQuery.extend({ headers });

const csvQuery = tableQuery.extend({
  delimiter: z.enum([',', ';', 'tab', '\t']).optional().describe('field separator: "," (default), ";" or "tab"'),
  bom: booleanQuery.optional().describe('true: start with a UTF-8 byte order mark (Excel on Windows needs it to read UTF-8)'),
});

const HEAVY_WORK_NOTE =
  'Exports, imports and reports over long ranges run only a few at a time per user and per server process (429 `rate_limited` with Retry-After beyond; docs/exports.md); a client that reads nothing for EXPORT_STALL_SECONDS has its download cut.';

const ENTRY_EXPORT_DESCRIPTION = [
  'Exactly the entries GET /time-entries returns for the same filters, in the same order (start_time desc, id desc),',
  'including a running timer (empty end). Columns (docs/exports.md): id, date, start, end (local time in `timezone`),',
  'start_utc, end_utc, duration_seconds, duration (H:MM), break_seconds, user, client, project, task, tags, notes,',
  'billable, rate, amount, currency (of rate and amount). A normal user exports only their own entries; admins may pass user_id (another user or "all").',
  'from and to lie from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z; given both, they are at most 10 years (3660 days)',
  'apart, else 400 validation_failed naming the field.',
  'API tokens need the `read:time_entries` scope.',
  HEAVY_WORK_NOTE,
].join(' ');

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 429: errorResponse };

function sendFile(ctx: AppContext, reply: FastifyReply, file: ExportFile) {
  endWhenStalled(reply.raw, file.stream, ctx.config.EXPORT_STALL_SECONDS * 1000);
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.stream);
}

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/exports/time-entries.csv', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['exports'],
      summary: 'Export time entries as CSV (streamed)',
      description: `${ENTRY_EXPORT_DESCRIPTION} Text cells starting with = + - @ get a leading apostrophe so spreadsheets do not run them as formulas.`,
      querystring: csvQuery,
      produces: ['text/csv'],
      response: { 200: z.string().describe('the CSV file (text/csv), streamed'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      const { delimiter, bom, headers: style, ...filters } = request.query;
      const sep: CsvDelimiter = delimiter === 'tab' || delimiter === '\t' ? '\t' : (delimiter ?? ',');
      const options = { delimiter: sep, bom: bom ?? false, headers: style ?? 'names' };
      return sendFile(app.ctx, reply, await exportEntriesCsv(app.ctx, principalOf(request), filters, options));
    },
  });

  app.get('/exports/time-entries.xlsx', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['exports'],
      summary: 'Export time entries as an Excel workbook',
      description: `${ENTRY_EXPORT_DESCRIPTION} Dates are real date cells, numbers are numbers, durations are Excel times shown as [h]:mm, and a last row sums duration, breaks and amount. At most 1,048,574 entries (400 \`too_many_rows\`).`,
      querystring: tableQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.string().describe('the XLSX workbook'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      const { headers: style, ...filters } = request.query;
      return sendFile(
        app.ctx,
        reply,
        await exportEntriesXlsx(app.ctx, principalOf(request), filters, { headers: style ?? 'names' }),
      );
    },
  });

  app.get('/exports/summary.pdf', {
    config: { auth: { scope: 'read:reports' } },
    schema: {
      tags: ['exports'],
      summary: 'The summary report as a PDF',
      description: `Takes the query of GET /reports/summary and prints its result in the requesting user's language: a header with the period (dates in the user's locale), the user and the applied filters in words (project, client and task names), the grouped table, the total row, money in the user's locale and currency, and page numbers. ${SUMMARY_DESCRIPTION} ${HEAVY_WORK_NOTE}`,
      querystring: summaryQuery,
      produces: ['application/pdf'],
      response: { 200: z.string().describe('the PDF document'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      return sendFile(app.ctx, reply, await exportSummaryPdf(app.ctx, principalOf(request), request.query));
    },
  });

  app.get('/exports/time-entries.pdf', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['exports'],
      summary: 'Export time entries as a PDF (entry detail)',
      description: [
        "The entries of the CSV export (same filters and order) as a document in the requesting user's language: one row per",
        'entry with date, start–end, duration, project, task, notes, tags, billable and amount (dates, times and money in the',
        "user's locale and time format), a total row, the applied filters in words and page numbers. A running timer is",
        `listed without a duration and left out of the totals. At most ${ENTRIES_PDF_MAX_ROWS.toLocaleString('en')} entries (400 \`too_many_rows\`).`,
        'A normal user exports only their own entries; admins may pass user_id (another user or "all").',
        'API tokens need the `read:time_entries` scope.',
        HEAVY_WORK_NOTE,
      ].join(' '),
      querystring: entryExportQuery,
      produces: ['application/pdf'],
      response: { 200: z.string().describe('the PDF document'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      return sendFile(app.ctx, reply, await exportEntriesPdf(app.ctx, principalOf(request), request.query));
    },
  });
};
