import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, validationFailed } from '../../http/errors.js';
import { apiTime, booleanQuery, errorResponse, id } from '../../http/wire.js';
import { holdHeavyWorkSlot } from '../../http/heavy-work.js';
import { uploadError, type UploadLimits } from '../../http/multipart-errors.js';
import { principalOf } from '../auth/authenticate.js';
import { IMPORT_FORMATS } from './import-formats.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, importForRequest, MAX_LISTED_ERRORS, PREVIEW_ROWS } from './imports.service.js';

/** The options, accepted in the query string or as form fields next to the file. */
const importOptions = z.strictObject({
  dry_run: booleanQuery.optional().describe('true: check and count, write nothing'),
  format: z
    .enum(IMPORT_FORMATS)
    .optional()
    .describe('toggl, clockify or csv (this app); detected from the header row when absent'),
  timezone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("zone of the local times in Toggl/Clockify files; default: the target user's"),
  date_order: z.enum(['mdy', 'dmy']).optional().describe('slash dates (Clockify): month/day or day/month; detected when absent'),
  user_id: id.optional().describe("admins only: import into this user's entries"),
});
type ImportOptionsInput = z.infer<typeof importOptions>;

const resultSchema = z.object({
  source: z.enum(IMPORT_FORMATS),
  dry_run: z.boolean(),
  rows: z.number().int().describe('data rows in the file'),
  imported: z.number().int().describe('entries written (dry run: that would be written); 0 when any row has an error'),
  skipped: z
    .number()
    .int()
    .describe('exact duplicates (same user, project, start, end, notes) and running timers of our own export'),
  errors: z.array(
    z.object({ row: z.number().int().describe('spreadsheet row number; the header is row 1'), message: z.string() }),
  ),
  error_count: z.number().int().describe(`all row errors (the list stops at ${MAX_LISTED_ERRORS})`),
  created: z.object({ clients: z.number().int(), projects: z.number().int(), tasks: z.number().int() }),
  preview: z
    .array(
      z.object({
        row: z.number().int(),
        start_time: apiTime,
        end_time: apiTime,
        duration_seconds: z.number().int(),
        break_seconds: z.number().int(),
        client: z.string().nullable(),
        project: z.string(),
        task: z.string().nullable(),
        notes: z.string().nullable(),
        tags: z.array(z.string()),
        billable: z.boolean(),
      }),
    )
    .describe(`the first ${PREVIEW_ROWS} rows to import as they will be stored (empty when any row has an error)`),
  period: z
    .object({ from: apiTime, to: apiTime })
    .nullable()
    .describe('earliest start and latest end of the rows to import; null when none or when any row has an error'),
});
z.globalRegistry.add(resultSchema, { id: 'ImportResult' });

const DESCRIPTION = [
  'Multipart upload with one CSV file in the field `file`: a Toggl Track or Clockify detailed report CSV export, or',
  'this app’s own CSV export (docs/exports.md). Options in the query or as form fields. Every row is checked; the',
  'real run is all-or-nothing: one transaction, and if any row has an error nothing is written (200 with the errors).',
  'Exact duplicates of existing entries (same user, project, start, end, notes) are skipped, so importing the same',
  'file twice adds nothing. Missing clients, projects and tasks are created when an administrator imports; other',
  'users get a row error for each unknown name. Entries go to the caller (admins: `user_id`). Every row meets the',
  'rules of entries made through the API: instants from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z, the end after',
  'the start, at most 31 days long, ending at most a day after now, the break shorter than the span; the worked time',
  'is end − start − break (this app’s duration_seconds may also be that rounded as the timer rounds; a Toggl/Clockify',
  'duration shorter than the span becomes break time, a longer one is a row error). A row overlapping one of the',
  'user’s entries (a',
  'running timer occupies everything from its start) or another row is a row error naming it, in the dry run too.',
  `At most ${IMPORT_MAX_BYTES / 1024 / 1024} MiB and ${IMPORT_MAX_ROWS} rows (413 otherwise).`,
  'API tokens need the `write:time_entries` scope.',
].join(' ');

const UPLOAD_LIMITS: UploadLimits = { fileBytes: IMPORT_MAX_BYTES, fields: 10 };

async function readUpload(request: FastifyRequest): Promise<{ file: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data in a field named "file".');
  }
  const fields: Record<string, string> = {};
  let file: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file !== undefined) {
          part.file.resume();
          throw validationFailed({ [part.fieldname]: 'send exactly one file, in the field "file"' });
        }
        file = await part.toBuffer();
      } else {
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      }
    }
  } catch (error) {
    throw uploadError(error, UPLOAD_LIMITS);
  }
  if (file === undefined) {
    throw validationFailed(
      { file: 'is required (a CSV file)' },
      'The upload has no file: send one CSV file in the multipart field "file".',
    );
  }
  return { file, fields };
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // Registered in this plugin only: every other route keeps answering multipart bodies with 415.
  await app.register(multipart, {
    limits: {
      fileSize: UPLOAD_LIMITS.fileBytes,
      files: 1,
      fields: UPLOAD_LIMITS.fields,
      parts: UPLOAD_LIMITS.fields + 2,
      fieldSize: 1000,
    },
  });

  app.post('/imports/time-entries', {
    config: { auth: { scope: 'write:time_entries' }, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['imports'],
      summary: 'Import time entries from a CSV file (Toggl, Clockify or this app)',
      description: DESCRIPTION,
      consumes: ['multipart/form-data'],
      querystring: importOptions,
      response: {
        200: resultSchema,
        400: errorResponse,
        401: errorResponse,
        403: errorResponse,
        404: errorResponse,
        413: errorResponse,
        415: errorResponse,
        429: errorResponse,
      },
    },
    handler: async (request, reply) => {
      holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'import');
      const { file, fields } = await readUpload(request);
      const fromFields = importOptions.safeParse(fields);
      if (!fromFields.success) {
        throw validationFailed(
          Object.fromEntries(
            fromFields.error.issues.map((i) => [
              i.path.join('.') || (i as { keys?: string[] }).keys?.join(',') || 'body',
              i.message,
            ]),
          ),
        );
      }
      const options: ImportOptionsInput = { ...request.query, ...fromFields.data };
      return importForRequest(app.ctx, principalOf(request), file, {
        dryRun: options.dry_run ?? false,
        format: options.format,
        timeZone: options.timezone,
        dateOrder: options.date_order,
        userId: options.user_id,
      });
    },
  });
};
