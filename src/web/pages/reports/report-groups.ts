// The groupings of the summary report: their order, their names (as a column header and inside a sentence) and
// how a group's key reads in the user's formats.
import type { GroupBy, SummaryGroup } from '../../api/types.js';
import { i18n } from '../../i18n/index.js';
import { parseLocalDate, type LocalDate, type TimeFormat } from '../../lib/time.js';

export const GROUPS: GroupBy[] = ['project', 'client', 'task', 'tag', 'day', 'week', 'month', 'user'];

/** A grouping's name as a column header / option, and as it reads inside a sentence ("Time by project"). */
export const GROUP_LABEL = {
  project: 'reports.groups.project',
  client: 'reports.groups.client',
  task: 'reports.groups.task',
  tag: 'reports.groups.tag',
  day: 'reports.groups.day',
  week: 'reports.groups.week',
  month: 'reports.groups.month',
  user: 'reports.groups.user',
} as const satisfies Record<GroupBy, string>;
export const GROUP_INLINE = {
  project: 'reports.groupsInline.project',
  client: 'reports.groupsInline.client',
  task: 'reports.groupsInline.task',
  tag: 'reports.groupsInline.tag',
  day: 'reports.groupsInline.day',
  week: 'reports.groupsInline.week',
  month: 'reports.groupsInline.month',
  user: 'reports.groupsInline.user',
} as const satisfies Record<GroupBy, string>;

export const TIME_GROUPS = new Set<GroupBy>(['day', 'week', 'month']);

/** The grouping asked for in the URL, if the caller may use it (by user: admins only); else by project. */
export function groupByOf(requested: string | null, isAdmin: boolean): GroupBy {
  const g = requested as GroupBy | null;
  return g && GROUPS.includes(g) && (g !== 'user' || isAdmin) ? g : 'project';
}

/** Groupings over time are drawn as bars along the time axis; a share chart only suits a few named groups. */
export const MAX_SHARE_SLICES = 8;

const utcDay = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);
const fromUtc = (ms: number): LocalDate => {
  const x = new Date(ms);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
};

/** The ISO 8601 number of the week holding the date (the week of its Thursday). */
export function isoWeek(d: LocalDate): number {
  const day = utcDay(d);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = day + (3 - weekday) * 86_400_000;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / 86_400_000 / 7) + 1;
}

/**
 * A week bucket (its key is the first day) as "Week 44 · 26 Oct – 1 Nov". The number is the ISO week of the
 * bucket's middle, so weeks starting on Sunday or Saturday get the number of most of their days.
 */
export function weekLabel(start: LocalDate, fmt: TimeFormat): string {
  const first = utcDay(start);
  const week = isoWeek(fromUtc(first + 3 * 86_400_000));
  return i18n.t('reports.weekOf', { week: String(week), range: fmt.dayRange(start, fromUtc(first + 6 * 86_400_000)) });
}

/** Bucket keys in the user's date format; names for everything else ("(none)" when the server has none). */
export function labelOf(g: SummaryGroup, groupBy: GroupBy, fmt: TimeFormat): string {
  const key = g.key === null ? null : String(g.key);
  if (key && (groupBy === 'day' || groupBy === 'week')) {
    const d = parseLocalDate(key);
    if (d) return groupBy === 'week' ? weekLabel(d, fmt) : fmt.formatLocal(d);
  }
  if (key && groupBy === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    if (m) return fmt.monthName(Number(m[1]), Number(m[2]));
  }
  return g.label ?? i18n.t('reports.noneLabel');
}
