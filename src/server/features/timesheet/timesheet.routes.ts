import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id } from '../../http/wire.js';
import { parseDate, parseWeek } from '../../../shared/timesheet-week.js';
import { DAY_SECONDS } from '../../../shared/entry-bounds.js';
import { principalOf } from '../auth/authenticate.js';
import { ENTRY_RULES } from '../time-entries/time-entries.routes.js';
import { getTimesheet, putTimesheetCell } from './timesheet.service.js';

const weekLabel = z
  .string()
  .transform((text, ctx) => {
    const week = parseWeek(text);
    if (week) return week;
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO week such as 2026-W49 (W53 only in years that have one), 1970–2099',
    });
    return z.NEVER;
  })
  .describe('ISO week such as 2026-W49, read with the user’s first day of the week (docs/timesheet.md)');

const dayDate = z
  .string()
  .transform((text, ctx) => {
    const date = parseDate(text);
    if (date) return date;
    ctx.addIssue({ code: 'custom', message: 'must be a date YYYY-MM-DD from 1970-01-01 to 2099-12-31' });
    return z.NEVER;
  })
  .describe('the day, YYYY-MM-DD, in the user’s time zone');

const cellSchema = z.object({
  seconds: z.number().int().describe('worked seconds of the entries that start on this day (a running timer: so far)'),
  entry_ids: z.array(z.number().int()).describe('by start'),
  editable: z.boolean().describe('true when empty or every entry is of source timesheet (and not invoiced)'),
  locked_seconds: z
    .number()
    .int()
    .describe('seconds in entries the timesheet does not change (timer, manual, import, invoiced): the lowest total PUT accepts'),
});
const rowSchema = z.object({
  project_id: z.number().int(),
  task_id: z.number().int().nullable(),
  cells: z.array(cellSchema).describe('seven, one per day of `days`'),
});
z.globalRegistry.add(rowSchema, { id: 'TimesheetRow' });
const sheetSchema = z.object({
  week: z.string().describe('the ISO week label, e.g. 2026-W49'),
  days: z.array(z.string()).describe('the seven dates (YYYY-MM-DD), from the user’s first day of the week'),
  rows: z.array(rowSchema).describe('one per project and task with entries this week; by project id, then task id'),
  day_totals: z.array(z.number().int()),
  total_seconds: z.number().int(),
});
z.globalRegistry.add(sheetSchema, { id: 'Timesheet' });

const cellBody = z.strictObject({
  date: dayDate,
  project_id: id,
  task_id: id.nullable().optional(),
  seconds: z
    .number()
    .int()
    .min(0)
    .max(DAY_SECONDS)
    .describe('the total the cell should show: whole seconds, 0 to 86400 (0 deletes the timesheet’s own entries)'),
  user_id: id.optional().describe('admins only: whose timesheet (default: the caller)'),
});

export const timesheetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/timesheet', {
    config: { auth: { scope: 'read:time_entries' } },
    schema: {
      tags: ['timesheet'],
      summary: 'One week as a grid: a row per project and task, a cell per day',
      description:
        'Days are the owner’s calendar days in their time zone (23 or 25 hours across a DST change), starting on their ' +
        'first day of the week; an entry counts on the day it starts. Deleted entries never show. Without `week`: the ' +
        'current week. `user_id` of another user: admins only (403), 404 when there is no such user.',
      querystring: z.strictObject({
        week: weekLabel.optional(),
        user_id: id.optional().describe('admins only: whose timesheet (default: the caller)'),
      }),
      response: { 200: sheetSchema, 400: errorResponse, 403: errorResponse, 404: errorResponse },
    },
    handler: async (request) => getTimesheet(app.ctx, principalOf(request), request.query),
  });

  app.put('/timesheet/cell', {
    config: { auth: { scope: 'write:time_entries' } },
    schema: {
      tags: ['timesheet'],
      summary: 'Set the total of one cell; answers its row for the week',
      description:
        'Only entries of source `timesheet` are created, changed or deleted (deleted softly: POST /time-entries/restore ' +
        'brings them back). Timer, manual, imported and invoiced entries stay as they are: a total below their time is ' +
        '409 `cell_not_editable` (details.locked_seconds, details.entry_ids); a total above it adds timesheet time. New ' +
        'time is laid into the day’s free time from its start, never over another entry: 409 `overlap` ' +
        '(details.conflicting_ids, details.free_seconds) when the day has not enough free time. New time needs an active ' +
        'project (409 `project_archived`). ' +
        ENTRY_RULES,
      body: cellBody,
      response: { 200: rowSchema, 400: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => putTimesheetCell(app.ctx, principalOf(request), request.body),
  });
};
