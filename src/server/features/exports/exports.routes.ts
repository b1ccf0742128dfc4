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
import { exportEntriesCsv, exportEntriesXlsx, exportSummaryPdf, type CsvDelimiter, type ExportFile } from './exports.service.js';

const timezone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .optional()
  .describe("IANA time zone of the local date/start/end columns; default: the caller's");

const entryExportQuery = entryFiltersQuery.extend({ timezone });

const csvQuery = entryExportQuery.extend({
  delimiter: z.enum([',', ';', 'tab', '\t']).optional().describe('field separator: "," (default), ";" or "tab"'),
  bom: booleanQuery.optional().describe('true: start with a UTF-8 byte order mark (Excel on Windows needs it to read UTF-8)'),
});

const HEAVY_WORK_NOTE =
  'Exports, imports and reports over long ranges run only a few at a time per user and per server process (429 `rate_limited` with Retry-After beyond; docs/exports.md); a client that reads nothing for EXPORT_STALL_SECONDS has its download cut.';

const ENTRY_EXPORT_DESCRIPTION = [
  'Exactly the entries GET /time-entries returns for the same filters, in the same order (start_time desc, id desc),',
  'including a running timer (empty end). Columns (docs/exports.md): id, date, start, end (local time in `timezone`),',
  'start_utc, end_utc, duration_seconds, duration (H:MM), break_seconds, user, client, project, task, tags, notes,',
  'billable, rate, amount. A normal user exports only their own entries; admins may pass user_id (another user or "all").',
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
      const { delimiter, bom, ...filters } = request.query;
      const sep: CsvDelimiter = delimiter === 'tab' || delimiter === '\t' ? '\t' : (delimiter ?? ',');
      return sendFile(
        app.ctx,
        reply,
        await exportEntriesCsv(app.ctx, principalOf(request), filters, { delimiter: sep, bom: bom ?? false }),
      );
    },
  });

  app.get('/exports/time-entries.xlsx', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['exports'],
      summary: 'Export time entries as an Excel workbook',
      description: `${ENTRY_EXPORT_DESCRIPTION} Dates are real date cells, numbers are numbers. At most 1,048,575 entries (400 \`too_many_rows\`).`,
      querystring: entryExportQuery,
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: z.string().describe('the XLSX workbook'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      return sendFile(app.ctx, reply, await exportEntriesXlsx(app.ctx, principalOf(request), request.query));
    },
  });

  app.get('/exports/summary.pdf', {
    config: { auth: { scope: 'read:reports' } },
    schema: {
      tags: ['exports'],
      summary: 'The summary report as a PDF',
      description: `Takes the query of GET /reports/summary and prints its result: a header with the period and the user, the grouped table, totals and page numbers. ${SUMMARY_DESCRIPTION} ${HEAVY_WORK_NOTE}`,
      querystring: summaryQuery,
      produces: ['application/pdf'],
      response: { 200: z.string().describe('the PDF document'), ...errors },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'export');
      return sendFile(app.ctx, reply, await exportSummaryPdf(app.ctx, principalOf(request), request.query));
    },
  });
};
