// How tracked time becomes invoice lines (pure): entries are grouped per project, task, day or entry; each group's
// quantity is its worked time in hours after the report rounding, and its unit price the rate reports use (the
// project's, else the client's default). With the rounding per day, the rounding unit is one user's time on one
// local day within the line, as in reports (docs/tracking-rules.md), so an invoice and a report of the same range
// agree. Amounts follow shared/invoicing: quantity four decimals, one rounding per line.
import { hoursFromSeconds, lineNetCents } from '../../../shared/invoicing/decimal.js';
import { applyRounding, formatLocalDate, localDate, type ReportRounding } from '../../../shared/time-math.js';
import type { INVOICE_GROUPINGS } from '../../../shared/schemas/invoicing.js';

export type Grouping = (typeof INVOICE_GROUPINGS)[number];

export interface BillableEntry {
  id: number;
  user_id: number;
  project_id: number;
  project_name: string;
  task_id: number | null;
  task_name: string | null;
  start_time: number;
  /** Worked seconds (breaks already taken off). */
  duration_seconds: number;
  notes: string | null;
  /** The project's rate, else the client's default; null: none (the line is priced 0.00 for the admin to fill in). */
  rate_cents: number | null;
}

export interface DraftLine {
  description: string;
  quantity: number;
  unit: 'hour';
  unit_price_cents: number;
  tax_rate: number;
  net_cents: number;
  period_from: string;
  period_to: string;
}

export interface DraftOptions {
  grouping: Grouping;
  rounding: ReportRounding;
  timeZone: string;
  taxRate: number;
  /** Formats a YYYY-MM-DD date for descriptions in the invoice's language. */
  formatDate: (date: string) => string;
}

interface Group {
  key: string;
  sortKey: string;
  description: string;
  rate: number | null;
  entries: { entry: BillableEntry; date: string }[];
}

const MAX_DESCRIPTION = 500;

function describe(grouping: Grouping, e: BillableEntry, date: string, formatDate: (d: string) => string): string {
  const withTask = e.task_name ? `${e.project_name} – ${e.task_name}` : e.project_name;
  switch (grouping) {
    case 'project':
      return e.project_name;
    case 'task':
      return withTask;
    case 'day':
      return `${formatDate(date)} – ${e.project_name}`;
    case 'entry': {
      const notes = e.notes?.replace(/\s+/g, ' ').trim();
      return `${formatDate(date)} – ${withTask}${notes ? `: ${notes}` : ''}`;
    }
  }
}

function groupKey(grouping: Grouping, e: BillableEntry, date: string): [key: string, sortKey: string] {
  const project = `${e.project_name.toLowerCase()}\u0000${e.project_id}`;
  switch (grouping) {
    case 'project':
      return [`p${e.project_id}`, project];
    case 'task':
      return [`t${e.project_id}:${e.task_id}`, `${project}\u0000${(e.task_name ?? '').toLowerCase()}\u0000${e.task_id ?? 0}`];
    case 'day':
      return [`d${date}:${e.project_id}`, `${date}\u0000${project}`];
    case 'entry':
      return [`e${e.id}`, `${String(e.start_time).padStart(12, '0')}\u0000${e.id}`];
  }
}

/** Worked seconds of a group after the report rounding: per entry, per user and day, or not at all. */
function roundedSeconds(entries: Group['entries'], rounding: ReportRounding): number {
  if (!rounding) return entries.reduce((sum, x) => sum + x.entry.duration_seconds, 0);
  if (rounding.scope === 'entry') return entries.reduce((sum, x) => sum + applyRounding(x.entry.duration_seconds, rounding), 0);
  const perDay = new Map<string, number>();
  for (const { entry, date } of entries) {
    const unit = `${entry.user_id}:${date}`;
    perDay.set(unit, (perDay.get(unit) ?? 0) + entry.duration_seconds);
  }
  return [...perDay.values()].reduce((sum, s) => sum + applyRounding(s, rounding), 0);
}

export function draftLines(entries: readonly BillableEntry[], options: DraftOptions): DraftLine[] {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const date = formatLocalDate(localDate(entry.start_time, options.timeZone));
    const [key, sortKey] = groupKey(options.grouping, entry, date);
    let group = groups.get(key);
    if (!group) {
      const description = describe(options.grouping, entry, date, options.formatDate).slice(0, MAX_DESCRIPTION);
      group = { key, sortKey, description, rate: entry.rate_cents, entries: [] };
      groups.set(key, group);
    }
    group.entries.push({ entry, date });
  }
  return [...groups.values()]
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map((group) => {
      const quantity = hoursFromSeconds(roundedSeconds(group.entries, options.rounding));
      const price = group.rate ?? 0;
      const dates = group.entries.map((x) => x.date).sort();
      return {
        description: group.description,
        quantity,
        unit: 'hour' as const,
        unit_price_cents: price,
        tax_rate: options.taxRate,
        net_cents: lineNetCents(quantity, price),
        period_from: dates[0]!,
        period_to: dates[dates.length - 1]!,
      };
    });
}
