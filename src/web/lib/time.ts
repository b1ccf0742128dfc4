// Dates, times and durations as the user asked for them (preferences): every calendar computation happens in
// the user's time zone through Intl (the same pure module the server uses for its buckets). Names of days and
// months, times of day, numbers, percentages and money come from Intl in the user's language; dates follow the
// user's chosen date format; durations are H:MM in every language.
import {
  addDays,
  formatLocalDate,
  localDate,
  startOfDay,
  startOfMonth,
  startOfWeek,
  zonedTimeToEpoch,
  type LocalDate,
  type WeekStart,
} from '../../shared/time-math.js';
import { DATE_FORMATS, formatDateAs, parseDateAs, type DateFormat } from '../../shared/date-format.js';
import type { Preferences } from '../api/types.js';
import { i18n } from '../i18n/index.js';

export type { LocalDate };

export function nowEpoch(): number {
  return Math.floor(Date.now() / 1000);
}

export function toEpoch(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function toIso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `H:MM` (hours not wrapped at 24). */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `${h}:${pad2(m)}`;
}

/** `H:MM:SS` for the running timer. */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return `${h}:${pad2(m)}:${pad2(total % 60)}`;
}

/**
 * Parses what people type as a duration: `1:30`, `1:30:15`, `1.5`, `1,5`, `90m`, `1h 30m`, `2h`, `45 min`.
 * Returns seconds, or null when it is not a duration.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!s) return null;
  let m = /^(\d+):([0-5]?\d)(?::([0-5]?\d))?$/.exec(s);
  if (m) return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  m = /^(\d+(?:[.,]\d+)?)\s*(h|hours?)?$/.exec(s);
  if (m) return Math.round(Number((m[1] as string).replace(',', '.')) * 3600);
  m = /^(?:(\d+(?:[.,]\d+)?)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$/.exec(s);
  if (m && (m[1] || m[2])) return Math.round(Number((m[1] ?? '0').replace(',', '.')) * 3600) + Number(m[2] ?? 0) * 60;
  return null;
}

/**
 * A time of day as people type it: `9:30`, `09:30`, `930`, `9.30`, `21:30`, `9:30 pm`, `9pm`, `12am`, and the
 * Spanish-style `9:30 p. m.` that TimeFormat.time writes in 12-hour format.
 * Returns hour (0-23) and minute, or null.
 */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[\s\u202f\u00a0]+/g, ' ')
    .replace(/ ?([ap])\. ?m\.$/, ' $1m');
  const m = /^(\d{1,2})(?:[:.h]?(\d{2}))?(?::\d{2})? ?(a|am|p|pm)?$/.exec(s);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  const suffix = m[3]?.[0];
  if (minute > 59) return null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix === 'p' ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute };
}

export function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31) return null;
  return date;
}

export type RangePreset =
  'today' | 'yesterday' | 'this_week' | 'last_week' | 'this_month' | 'last_month' | 'last_7_days' | 'this_year' | 'custom';

export const RANGE_PRESETS: readonly RangePreset[] = [
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'last_7_days',
  'this_year',
  'custom',
];

export interface Range {
  /** Inclusive start, epoch seconds. */
  from: number;
  /** Exclusive end, epoch seconds. */
  to: number;
}

/** Formats and computes with one user's preferences. */
export class TimeFormat {
  readonly tz: string;
  readonly weekStart: WeekStart;
  private readonly locale: string;
  private readonly weekdayFmt: Intl.DateTimeFormat;
  private readonly weekdayShortFmt: Intl.DateTimeFormat;
  private readonly monthFmt: Intl.DateTimeFormat;
  private readonly timeFmt: Intl.DateTimeFormat;

  constructor(readonly prefs: Preferences) {
    this.tz = safeZone(prefs.timezone);
    this.weekStart = (
      Number.isInteger(prefs.week_start) && prefs.week_start >= 0 && prefs.week_start <= 6 ? prefs.week_start : 1
    ) as WeekStart;
    this.locale = safeLocale(prefs.language);
    this.weekdayFmt = new Intl.DateTimeFormat(this.locale, { weekday: 'long', timeZone: this.tz });
    this.weekdayShortFmt = new Intl.DateTimeFormat(this.locale, { weekday: 'short', timeZone: this.tz });
    this.monthFmt = new Intl.DateTimeFormat(this.locale, { month: 'long', year: 'numeric', timeZone: this.tz });
    this.timeFmt = new Intl.DateTimeFormat(this.locale, {
      hour: prefs.time_format === '12h' ? 'numeric' : '2-digit',
      minute: '2-digit',
      hourCycle: prefs.time_format === '12h' ? 'h12' : 'h23',
      timeZone: this.tz,
    });
  }

  /** A calendar date in the user's date format. */
  formatLocal(d: LocalDate): string {
    return formatDateAs(d, this.dateFormat);
  }

  /** A date typed in the user's format (or ISO) → its `YYYY-MM-DD` key, or null (see shared/date-format.ts). */
  parseDate(text: string): string | null {
    const d = parseDateAs(text, this.dateFormat);
    return d ? formatLocalDate(d) : null;
  }

  /** How the user writes dates, as a hint: "DD.MM.YYYY" in the letters of the preference. */
  get dateFormat(): DateFormat {
    return (DATE_FORMATS as readonly string[]).includes(this.prefs.date_format)
      ? (this.prefs.date_format as DateFormat)
      : 'YYYY-MM-DD';
  }

  date(epoch: number): string {
    return this.formatLocal(localDate(epoch, this.tz));
  }

  /** Day and month only, in the order of the user's date format. */
  shortDate(epoch: number): string {
    const d = localDate(epoch, this.tz);
    const dd = pad2(d.day);
    const mm = pad2(d.month);
    switch (this.prefs.date_format) {
      case 'DD.MM.YYYY':
        return `${dd}.${mm}.`;
      case 'DD/MM/YYYY':
        return `${dd}/${mm}`;
      case 'MM/DD/YYYY':
        return `${mm}/${dd}`;
      default:
        return `${mm}-${dd}`;
    }
  }

  /** A time of day in the user's time format and language (`17:30`, `5:30 PM`, `5:30 p. m.`); parseTimeOfDay reads it back. */
  time(epoch: number): string {
    // Intl separates the day period with a narrow no-break space: a plain one is what people type back.
    return this.timeFmt.format(epoch * 1000).replace(/[\u202f\u00a0]/g, ' ');
  }

  dateTime(epoch: number): string {
    return `${this.date(epoch)} ${this.time(epoch)}`;
  }

  weekday(epoch: number, short = false): string {
    return (short ? this.weekdayShortFmt : this.weekdayFmt).format(epoch * 1000);
  }

  month(epoch: number): string {
    return this.monthFmt.format(epoch * 1000);
  }

  /** Two calendar dates as a short range in the user's language: "26 Oct – 1 Nov", "26.–31. Okt." (Intl). */
  dayRange(from: LocalDate, to: LocalDate): string {
    const f = new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    return f.formatRange(Date.UTC(from.year, from.month - 1, from.day), Date.UTC(to.year, to.month - 1, to.day));
  }

  /** "November 2026" for a calendar month (no time zone involved). */
  monthName(year: number, month: number): string {
    return new Intl.DateTimeFormat(this.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      Date.UTC(year, month - 1, 1),
    );
  }

  /** The name of a weekday, 0 = Sunday … 6 = Saturday. */
  weekdayName(day: number): string {
    return new Intl.DateTimeFormat(this.locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + day));
  }

  /** "Today, …", "Yesterday, …" (in the UI's language) or "Wednesday, 25.11.2026" for the day containing `epoch`. */
  dayHeading(epoch: number, now = nowEpoch()): string {
    const key = this.dayKey(epoch);
    const date = this.date(epoch);
    if (key === this.dayKey(now)) return i18n.t('time.today', { date });
    if (key === formatLocalDate(addDays(localDate(now, this.tz), -1))) return i18n.t('time.yesterday', { date });
    return `${this.weekday(epoch)}, ${date}`;
  }

  /** `YYYY-MM-DD` of the local day containing `epoch` (also the value of a date input). */
  dayKey(epoch: number): string {
    return formatLocalDate(localDate(epoch, this.tz));
  }

  /** A time of day for a text field, in the user's time format (`17:30` or `5:30 PM`). */
  timeText(epoch: number): string {
    return this.time(epoch);
  }

  /** A date input's `YYYY-MM-DD` plus a typed time of day (see parseTimeOfDay) in the user's zone → epoch seconds. */
  fromInputs(date: string, time: string): number | null {
    const d = parseLocalDate(date);
    const t = parseTimeOfDay(time);
    if (!d || !t) return null;
    try {
      return zonedTimeToEpoch(d.year, d.month, d.day, t.hour, t.minute, 0, this.tz);
    } catch {
      return null;
    }
  }

  /** Start of the local day `date` (YYYY-MM-DD). */
  dayStart(date: string): number | null {
    return this.fromInputs(date, '00:00');
  }

  startOfDay(epoch: number): number {
    return startOfDay(epoch, this.tz);
  }

  /** Start of the local day `n` days after the day containing `epoch`. */
  addDays(epoch: number, n: number): number {
    const d = addDays(localDate(epoch, this.tz), n);
    return zonedTimeToEpoch(d.year, d.month, d.day, 0, 0, 0, this.tz);
  }

  startOfWeek(epoch: number): number {
    return startOfWeek(epoch, this.tz, this.weekStart);
  }

  startOfMonth(epoch: number): number {
    return startOfMonth(epoch, this.tz);
  }

  range(preset: RangePreset, now = nowEpoch(), custom?: { from?: string | null; to?: string | null }): Range {
    const today = this.startOfDay(now);
    switch (preset) {
      case 'today':
        return { from: today, to: this.addDays(today, 1) };
      case 'yesterday':
        return { from: this.addDays(today, -1), to: today };
      case 'last_7_days':
        return { from: this.addDays(today, -6), to: this.addDays(today, 1) };
      case 'last_week': {
        const week = this.startOfWeek(now);
        return { from: this.addDays(week, -7), to: week };
      }
      case 'this_month': {
        const month = this.startOfMonth(now);
        return { from: month, to: this.startOfMonth(this.addDays(month, 32)) };
      }
      case 'last_month': {
        const month = this.startOfMonth(now);
        return { from: this.startOfMonth(month - 1), to: month };
      }
      case 'this_year': {
        const d = localDate(now, this.tz);
        return {
          from: zonedTimeToEpoch(d.year, 1, 1, 0, 0, 0, this.tz),
          to: zonedTimeToEpoch(d.year + 1, 1, 1, 0, 0, 0, this.tz),
        };
      }
      case 'custom': {
        const from = custom?.from ? this.dayStart(custom.from) : null;
        const toDay = custom?.to ? this.dayStart(custom.to) : null;
        if (from !== null && toDay !== null && toDay >= from) return { from, to: this.addDays(toDay, 1) };
        if (from !== null) return { from, to: this.addDays(from, 1) };
        return this.range('this_week', now);
      }
      default: {
        const week = this.startOfWeek(now);
        return { from: week, to: this.addDays(week, 7) };
      }
    }
  }

  /** Starts of the local days in [from, to). */
  days(from: number, to: number): number[] {
    const out: number[] = [];
    for (let d = this.startOfDay(from); d < to && out.length < 400; d = this.addDays(d, 1)) out.push(d);
    return out;
  }

  money(amount: string | number | null | undefined, currency: string): string {
    const n = typeof amount === 'string' ? Number(amount) : (amount ?? 0);
    try {
      return new Intl.NumberFormat(this.locale, { style: 'currency', currency }).format(Number.isFinite(n) ? n : 0);
    } catch {
      return `${n.toFixed(2)} ${currency}`;
    }
  }

  /** A number with at most two decimals ("85.5" → "85.5", "85,5" in German). */
  decimal(value: string | number): string {
    const n = typeof value === 'string' ? Number(value) : value;
    return Number.isFinite(n) ? new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 }).format(n) : String(value);
  }

  /** A whole percentage: 42 → "42%" ("42 %" in German). */
  percent(value: number): string {
    return new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
  }

  /** Decimal hours: 5400 → "1.5". */
  hours(seconds: number): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 }).format(seconds / 3600);
  }
}

function safeZone(tz: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

function safeLocale(language: string): string {
  try {
    return Intl.getCanonicalLocales(language)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** Every IANA zone the browser knows (fallback: a short list). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [
    'UTC',
    'Europe/London',
    'Europe/Berlin',
    'America/New_York',
    'America/Los_Angeles',
    'Asia/Tokyo',
    'Australia/Sydney',
  ];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  language: 'en',
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  date_format: 'YYYY-MM-DD',
  time_format: '24h',
  week_start: 1,
  rounding_minutes: 1,
  rounding_method: 'nearest',
  standard_hours_per_day: 8,
  weekly_goal_hours: null,
  analytics_opt_out: false,
  min_timer_seconds: 60,
  report_rounding: 'none',
  report_rounding_minutes: 15,
  report_rounding_method: 'nearest',
  pinned_project_ids: [],
};
