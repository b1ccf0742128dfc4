import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiTime, errorResponse, toApiTime, toMoney } from '../../http/wire.js';
import { holdHeavyWorkSlot, LONG_REPORT_DAYS } from '../../http/heavy-work.js';
import { principalOf } from '../auth/authenticate.js';
import { entryFiltersQuery } from '../time-entries/entry-filters.js';
import { GROUP_BY, summaryReport, type Summary } from './reports.service.js';
import { REPORT_ROUNDING_SCOPES, ROUNDING_METHODS, ROUNDING_MINUTES, type RoundingMinutes } from '../../../shared/time-math.js';

export const summaryQuery = entryFiltersQuery.extend({
  group_by: z.enum(GROUP_BY).default('project'),
  timezone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("IANA time zone for day/week/month buckets; default: the caller's"),
  rounding: z
    .enum(REPORT_ROUNDING_SCOPES)
    .optional()
    .describe("report rounding: none, each entry, or each user's day; default: the caller's report_rounding"),
  rounding_minutes: z.coerce
    .number()
    .refine((n): n is RoundingMinutes => (ROUNDING_MINUTES as readonly number[]).includes(n), {
      message: `must be one of ${ROUNDING_MINUTES.join(', ')}`,
    })
    .optional()
    .describe("default: the caller's report_rounding_minutes"),
  rounding_method: z.enum(ROUNDING_METHODS).optional().describe("default: the caller's report_rounding_method"),
});

export const SUMMARY_DESCRIPTION = [
  'Time per group in [from, to). Without from/to: the current month in the time zone; with only one of them: that month.',
  'Only finished entries count: a running timer is left out until it is stopped. Entries reaching over from/to are',
  'clipped to the range, and an entry crossing a day/week/month boundary is split in proportion to its wall time',
  '(its stored duration, after breaks and rounding, is spread evenly over its span), so every grouping adds up to',
  'the same total_seconds. Grouping by tag: entries without tags form the "(no tag)" group (key null) and an entry',
  'with several tags counts in each of them, so tag groups can add up to more than the total.',
  "Billable amount = billable seconds × the project's hourly rate, else the client's default rate; billable entries",
  'with neither count as billable time without an amount (entries_without_rate says how many). Amounts are rounded',
  'to cents per group; except for tags, group amounts add up to billable_amount exactly.',
  "Day/week/month buckets use the time zone and the caller's week_start. from and to lie from 1970-01-01T00:00:00Z to",
  '2100-01-01T00:00:00Z, and the range is at most 10 years (3660 days), else 400 validation_failed naming the field.',
  'Rounding (rounding, or the caller\'s report_rounding preference; the answer\'s `rounding` says which applied): "entry"',
  'rounds each entry\'s worked seconds before it is spread over its span; "day" rounds each cell of one user\'s time on',
  'one local day (in the time zone) per project, billable flag and group, then adds the cells up, so with it totals',
  'may differ between groupings. Stored times never change; running timers stay out.',
  'A normal user sees only their own entries; admins may pass user_id',
  '(another user or "all"). API tokens need the `read:reports` scope. Ranges over 93 days count as heavy work:',
  'only a few run at once per user and per server process (429 `rate_limited` with Retry-After beyond).',
].join(' ');

const groupSchema = z.object({
  key: z.string().nullable().describe('id (project/client/user/task), lower-cased tag name, or bucket date; null = none'),
  label: z.string().nullable(),
  seconds: z.number().int(),
  billable_seconds: z.number().int(),
  billable_amount: z.string(),
  entry_count: z.number().int(),
});
z.globalRegistry.add(groupSchema, { id: 'SummaryGroup' });

export const roundingSchema = z
  .object({
    scope: z.enum(REPORT_ROUNDING_SCOPES),
    minutes: z.number().int().nullable(),
    method: z.enum(ROUNDING_METHODS).nullable(),
  })
  .describe('the rounding this answer applied (minutes and method null for none); stored times never change');
z.globalRegistry.add(roundingSchema, { id: 'ReportRounding' });

export const summarySchema = z.object({
  from: apiTime,
  to: apiTime,
  timezone: z.string(),
  group_by: z.enum(GROUP_BY),
  total_seconds: z.number().int(),
  billable_seconds: z.number().int(),
  billable_amount: z.string().describe('decimal string, e.g. "850.00"'),
  currency: z.string(),
  entries_without_rate: z.number().int(),
  groups: z.array(groupSchema),
  rounding: roundingSchema,
});
z.globalRegistry.add(summarySchema, { id: 'Summary' });

const cents = (value: number): string => toMoney(value) ?? '0.00';

export function toSummaryDto(s: Summary): z.infer<typeof summarySchema> {
  return {
    from: toApiTime(s.from),
    to: toApiTime(s.to),
    timezone: s.timezone,
    group_by: s.group_by,
    total_seconds: s.total_seconds,
    billable_seconds: s.billable_seconds,
    billable_amount: cents(s.billable_amount_cents),
    currency: s.currency,
    entries_without_rate: s.entries_without_rate,
    groups: s.groups.map((g) => ({
      key: g.key,
      label: g.label,
      seconds: g.seconds,
      billable_seconds: g.billable_seconds,
      billable_amount: cents(g.billable_amount_cents),
      entry_count: g.entry_count,
    })),
    rounding:
      s.rounding === null
        ? { scope: 'none', minutes: null, method: null }
        : { scope: s.rounding.scope, minutes: s.rounding.minutes, method: s.rounding.method },
  };
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/reports/summary', {
    config: { auth: { scope: 'read:reports' } },
    schema: {
      tags: ['reports'],
      summary: 'Summary report: time and billable amounts per project, client, user, task, tag, day, week or month',
      description: SUMMARY_DESCRIPTION,
      querystring: summaryQuery,
      response: { 200: summarySchema, 400: errorResponse, 401: errorResponse, 403: errorResponse, 429: errorResponse },
    },
    handler: async (request, reply) => {
      const { from, to } = request.query;
      if (from !== undefined && to !== undefined && to - from > LONG_REPORT_DAYS * 86_400) {
        holdHeavyWorkSlot(app.ctx.heavyWork, principalOf(request), reply, 'report');
      }
      return toSummaryDto(await summaryReport(app.ctx, principalOf(request), request.query));
    },
  });
};
