// The time-entry filters of the API (list, reports, exports share them), and the one SQL condition that
// applies them, so an export can never return different rows than the list with the same filters.
import { z } from 'zod';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { forbidden, validationFailed } from '../../http/errors.js';
import { booleanQuery, id, instant } from '../../http/wire.js';
import { isAdmin, type Principal } from '../auth/principal.js';
import { hasProblems, rangeProblems } from '../../../shared/entry-bounds.js';
import { NOT_RELEASED } from '../invoices/invoice-entry-state.js';

export const entryFiltersQuery = z.object({
  from: instant.optional().describe('entries overlapping [from, to)'),
  to: instant.optional(),
  project_id: id.optional(),
  client_id: id.optional(),
  task_id: id.optional(),
  tag: z.string().trim().min(1).max(100).optional().describe('tag name, case-insensitive'),
  billable: booleanQuery.optional(),
  user_id: z
    .union([z.literal('all'), id])
    .optional()
    .describe('admins only: another user id, or "all"; default is the caller'),
  q: z.string().trim().min(1).max(200).optional().describe('case-insensitive search in notes'),
  invoiced: booleanQuery.optional().describe('true: only entries on an issued or paid invoice; false: only the others'),
});
export type EntryFilters = z.infer<typeof entryFiltersQuery>;

/** Names of the filters actually set (for analytics: names only, never values). */
export function activeFilterNames(filters: EntryFilters): string[] {
  return (Object.keys(entryFiltersQuery.shape) as (keyof EntryFilters)[]).filter((k) => filters[k] !== undefined);
}

/** Whose entries a request may see: the caller's own, or (admins only) another user's or everyone's. */
export type UserScope = number | 'all';

export function resolveUserScope(principal: Principal, requested: EntryFilters['user_id']): UserScope {
  if (requested === undefined || requested === principal.user.id) return principal.user.id;
  if (!isAdmin(principal.user)) throw forbidden("Only administrators can see other users' time entries.");
  return requested;
}

export function assertRange(filters: Pick<EntryFilters, 'from' | 'to'>): void {
  if (filters.from !== undefined && filters.to !== undefined && filters.to <= filters.from) {
    throw validationFailed({ to: 'must be after from' });
  }
}

/** Exports: `to` after `from`, and at most 10 years after it when both are given (without them: every entry). */
export function assertBoundedRange(filters: Pick<EntryFilters, 'from' | 'to'>): void {
  assertRange(filters);
  if (filters.from === undefined || filters.to === undefined) return;
  const problems = rangeProblems(filters.from, filters.to);
  if (hasProblems(problems)) throw validationFailed(problems);
}

/** Whether no filter narrows the rows (the user scope aside): the list's common first request. */
export function filtersUnset(filters: EntryFilters): boolean {
  for (const key of Object.keys(entryFiltersQuery.shape) as (keyof EntryFilters)[]) {
    if (key !== 'user_id' && filters[key] !== undefined) return false;
  }
  return true;
}

/** WHERE condition over `time_entries` for the filters and user scope. */
export function entryFilterCondition(
  eb: ExpressionBuilder<DB, 'time_entries'>,
  filters: EntryFilters,
  scope: UserScope,
): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (scope !== 'all') conditions.push(eb('time_entries.user_id', '=', scope));
  // Overlap with [from, to): a running entry (no end) extends to now and beyond.
  if (filters.to !== undefined) conditions.push(eb('time_entries.start_time', '<', filters.to));
  if (filters.from !== undefined) {
    conditions.push(eb.or([eb('time_entries.end_time', '>', filters.from), eb('time_entries.end_time', 'is', null)]));
  }
  if (filters.project_id !== undefined) conditions.push(eb('time_entries.project_id', '=', filters.project_id));
  if (filters.task_id !== undefined) conditions.push(eb('time_entries.task_id', '=', filters.task_id));
  if (filters.client_id !== undefined) {
    conditions.push(
      eb(
        'time_entries.project_id',
        'in',
        eb.selectFrom('projects').select('projects.id').where('projects.client_id', '=', filters.client_id),
      ),
    );
  }
  if (filters.billable !== undefined) conditions.push(eb('time_entries.billable', '=', filters.billable ? 1 : 0));
  if (filters.tag !== undefined) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('time_entry_tags')
          .innerJoin('tags', 'tags.id', 'time_entry_tags.tag_id')
          .select(sql`1`.as('one'))
          .whereRef('time_entry_tags.time_entry_id', '=', 'time_entries.id')
          .where('tags.name_lower', '=', filters.tag.toLowerCase()),
      ),
    );
  }
  if (filters.invoiced !== undefined) {
    const billed = eb.exists(
      eb
        .selectFrom('invoice_entries')
        .innerJoin('invoices', 'invoices.id', 'invoice_entries.invoice_id')
        .select(sql`1`.as('one'))
        .whereRef('invoice_entries.entry_id', '=', 'time_entries.id')
        .where('invoice_entries.released', '=', NOT_RELEASED)
        .where('invoices.status', 'in', ['issued', 'paid']),
    );
    conditions.push(filters.invoiced ? billed : eb.not(billed));
  }
  if (filters.q !== undefined) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql<SqlBool>`lower(coalesce(time_entries.notes, '')) like ${pattern} escape '\\'`);
  }
  return eb.and(conditions);
}
