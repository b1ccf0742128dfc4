// The groupings of the summary report: their order, their names (as a column header and inside a sentence) and
// how a group's key reads in the user's formats.
import type { GroupBy, SummaryGroup } from '../../api/types.js';
import { i18n } from '../../i18n/index.js';
import { parseLocalDate, type TimeFormat } from '../../lib/time.js';

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

/** Bucket keys in the user's date format; names for everything else ("(none)" when the server has none). */
export function labelOf(g: SummaryGroup, groupBy: GroupBy, fmt: TimeFormat): string {
  const key = g.key === null ? null : String(g.key);
  if (key && (groupBy === 'day' || groupBy === 'week')) {
    const d = parseLocalDate(key);
    if (d) return groupBy === 'week' ? i18n.t('reports.weekOf', { date: fmt.formatLocal(d) }) : fmt.formatLocal(d);
  }
  if (key && groupBy === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(key);
    if (m) return fmt.monthName(Number(m[1]), Number(m[2]));
  }
  return g.label ?? i18n.t('reports.noneLabel');
}
