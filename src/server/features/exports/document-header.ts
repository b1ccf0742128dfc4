// The header lines of a PDF export in words: the period in the user's date format, whose entries, and every
// applied filter by name ("Project: Website", "Billable entries only") instead of parameter names or ids.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { rangeLocalDates } from '../reports/report-math.js';
import type { EntryFilters, UserScope } from '../time-entries/entry-filters.js';
import type { DocumentFormat } from './document-format.js';
import type { DocumentLocale } from './document-messages.js';
import { filterTargetNames, userLabel } from './exports.queries.js';

export interface HeaderInput {
  filters: EntryFilters;
  scope: UserScope;
  timeZone: string;
}

/** `Period: 1 Nov 2026 – 30 Nov 2026 (Europe/Berlin)`, open ends said as such. */
export function periodLine(doc: DocumentLocale, fmt: DocumentFormat, filters: EntryFilters, zone: string): string {
  const { from, to } = filters;
  const first = from === undefined ? undefined : fmt.date(rangeLocalDates(from, from + 1, zone).first);
  const last = to === undefined ? undefined : fmt.date(rangeLocalDates(to - 1, to, zone).first);
  if (first && last) return doc.t('header.period', { from: first, to: last, zone });
  if (first) return doc.t('header.periodFrom', { from: first, zone });
  if (last) return doc.t('header.periodUntil', { to: last, zone });
  return doc.t('header.periodAll', { zone });
}

/**
 * The user line and one line per applied filter. Projects, clients and tasks are a catalogue every user may
 * read (GET /projects), so their names are no secret; an id that names nothing prints as `#id`. Whose entries:
 * the scope was already checked (another user's id is for admins only, resolveUserScope).
 */
export async function filterLines(db: Kysely<DB>, doc: DocumentLocale, input: HeaderInput): Promise<string[]> {
  const { filters, scope } = input;
  const names = await filterTargetNames(db, filters);
  const who = scope === 'all' ? doc.t('header.allUsers') : ((await userLabel(db, scope)) ?? `#${scope}`);
  const lines = [doc.t('header.user', { user: who })];
  const named = (name: string | undefined, id: number) => name ?? `#${id}`;
  if (filters.client_id !== undefined) lines.push(doc.t('filter.client', { value: named(names.client, filters.client_id) }));
  if (filters.project_id !== undefined) lines.push(doc.t('filter.project', { value: named(names.project, filters.project_id) }));
  if (filters.task_id !== undefined) lines.push(doc.t('filter.task', { value: named(names.task, filters.task_id) }));
  if (filters.tag !== undefined) lines.push(doc.t('filter.tag', { value: filters.tag }));
  if (filters.billable !== undefined) lines.push(doc.t(filters.billable ? 'filter.billableOnly' : 'filter.notBillableOnly'));
  if (filters.q !== undefined) lines.push(doc.t('filter.search', { value: filters.q }));
  return lines;
}
