// The entry form's values: from an entry or empty, to a request body (or the fields that are wrong), and where an
// API error belongs. Pure apart from the overlap lookup, so the form component stays about the form.
import { api, ApiError } from '../api/client.js';
import type { NewTimeEntry, TimeEntry } from '../api/types.js';
import { i18n } from '../i18n/index.js';
import { formatDuration, parseDuration, toEpoch, toIso, type TimeFormat } from '../lib/time.js';
import { parseTags } from '../lib/tags.js';

export interface EntryFormValues {
  project_id: number | null;
  task_id: number | null;
  date: string;
  start: string;
  end: string;
  duration: string;
  mode: 'range' | 'duration';
  breakText: string;
  notes: string;
  tagsText: string;
  billable: boolean;
  /** The user answered "yes" to "Ends the next day?": an end before the start is on the following day. */
  overnight: boolean;
}

export type FieldName = 'project' | 'date' | 'start' | 'end' | 'duration' | 'break' | 'notes' | 'tags';
export type FieldErrors = Partial<Record<FieldName, string>>;

export function valuesFromEntry(e: TimeEntry, fmt: TimeFormat): EntryFormValues {
  const start = toEpoch(e.start_time);
  const end = e.end_time ? toEpoch(e.end_time) : start;
  return {
    project_id: e.project_id,
    task_id: e.task_id,
    date: fmt.date(start),
    start: fmt.timeText(start),
    end: fmt.timeText(end),
    duration: formatDuration(e.duration_seconds ?? 0),
    mode: 'range',
    breakText: e.break_seconds ? formatDuration(e.break_seconds) : '',
    notes: e.notes ?? '',
    tagsText: e.tags.join(', '),
    billable: e.billable,
    overnight: fmt.dayKey(end) !== fmt.dayKey(start),
  };
}

export function emptyValues(fmt: TimeFormat, now: number): EntryFormValues {
  return slotValues(fmt, { start: now - 3600, end: now });
}

/** An empty form for the time from `start` to `end` (see new-entry-slot.ts for the default slot). */
export function slotValues(fmt: TimeFormat, slot: { start: number; end: number }): EntryFormValues {
  return {
    project_id: null,
    task_id: null,
    date: fmt.date(slot.start),
    start: fmt.timeText(slot.start),
    end: fmt.timeText(slot.end),
    duration: formatDuration(slot.end - slot.start),
    mode: 'range',
    breakText: '',
    notes: '',
    tagsText: '',
    billable: true,
    overnight: fmt.dayKey(slot.end) !== fmt.dayKey(slot.start),
  };
}

/** "Duplicate entry": what the entry is about (project, task, notes, tags, billable) at the new entry's time. */
export function duplicateValues(e: TimeEntry, fmt: TimeFormat, slot: { start: number; end: number }): EntryFormValues {
  return {
    ...slotValues(fmt, slot),
    project_id: e.project_id,
    task_id: e.task_id,
    notes: e.notes ?? '',
    tagsText: e.tags.join(', '),
    billable: e.billable,
  };
}

/** The typed start and end (range mode) as instants on the typed date, when all three parse. */
function typedTimes(v: EntryFormValues, fmt: TimeFormat): { start: number; end: number } | null {
  const day = fmt.parseDate(v.date);
  if (!day) return null;
  const start = fmt.fromInputs(day, v.start);
  const end = fmt.fromInputs(day, v.end);
  return start === null || end === null ? null : { start, end };
}

/** The end typed is before the start: the form asks whether the entry ends the next day. */
export function endsBeforeStart(v: EntryFormValues, fmt: TimeFormat): boolean {
  if (v.mode !== 'range') return false;
  const times = typedTimes(v, fmt);
  return times !== null && times.end < times.start;
}

/** The end on the next day (the user said the entry ends the next day). */
function nextDayEnd(v: EntryFormValues, fmt: TimeFormat, start: number): number | null {
  return fmt.fromInputs(fmt.dayKey(fmt.addDays(start, 1)), v.end);
}

/** Worked time for the typed start, end and break (range mode), as the duration field shows it; null if unknown. */
export function rangeDuration(v: EntryFormValues, fmt: TimeFormat): string | null {
  const times = typedTimes(v, fmt);
  if (!times) return null;
  let end: number | null = times.end;
  if (end < times.start) end = v.overnight ? nextDayEnd(v, fmt, times.start) : null;
  const pause = v.breakText.trim() ? parseDuration(v.breakText) : 0;
  if (end === null || pause === null || end - times.start - pause <= 0) return null;
  return formatDuration(end - times.start - pause);
}

/** The end time for a typed duration (worked time, so the break is added), or null. `overnight` says whether it
 * falls on the next day. */
export function endForDuration(v: EntryFormValues, fmt: TimeFormat): { end: string; overnight: boolean } | null {
  const day = fmt.parseDate(v.date);
  const start = day ? fmt.fromInputs(day, v.start) : null;
  const worked = parseDuration(v.duration);
  const pause = v.breakText.trim() ? parseDuration(v.breakText) : 0;
  if (start === null || worked === null || worked <= 0 || pause === null) return null;
  const end = start + worked + pause;
  return { end: fmt.timeText(end), overnight: fmt.dayKey(end) !== fmt.dayKey(start) };
}

/** Values → request body, or the fields that are wrong. */
export function toBody(v: EntryFormValues, fmt: TimeFormat): { body?: NewTimeEntry; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const t = i18n.t;
  if (!v.project_id) errors.project = t('common.chooseProject');
  const day = fmt.parseDate(v.date);
  const start = day ? fmt.fromInputs(day, v.start) : null;
  if (!day) errors.date = t('entryForm.enterDate');
  else if (start === null) errors.start = t('entryForm.enterStart');
  let end: number | null = null;
  let duration: number | null = null;
  if (v.mode === 'range') {
    end = day ? fmt.fromInputs(day, v.end) : null;
    if (day && end === null) errors.end = t('entryForm.enterEnd');
    else if (start !== null && end !== null && end === start) errors.end = t('entryForm.endAfterStart');
    else if (start !== null && end !== null && end < start) {
      // Never silently overnight: only after the user said "yes" to "Ends the next day?".
      end = v.overnight ? nextDayEnd(v, fmt, start) : null;
      if (end === null || end <= start) errors.end = t('entryForm.endBeforeStart');
    }
  } else {
    duration = parseDuration(v.duration);
    if (duration === null || duration <= 0) errors.duration = t('entryForm.enterDuration');
  }
  const breakSeconds = v.breakText.trim() ? parseDuration(v.breakText) : 0;
  if (breakSeconds === null) errors.break = t('entryForm.enterBreak');
  if (Object.keys(errors).length > 0 || start === null || !v.project_id) return { errors };
  const body: NewTimeEntry = {
    project_id: v.project_id,
    task_id: v.task_id,
    start_time: toIso(start),
    ...(v.mode === 'range' && end !== null ? { end_time: toIso(end) } : { duration_seconds: duration ?? 0 }),
    break_seconds: breakSeconds ?? 0,
    notes: v.notes.trim() || null,
    tags: parseTags(v.tagsText),
    billable: v.billable,
  };
  return { body, errors };
}

export const API_FIELDS: Record<string, FieldName> = {
  project_id: 'project',
  task_id: 'project',
  start_time: 'start',
  end_time: 'end',
  duration_seconds: 'duration',
  break_seconds: 'break',
  notes: 'notes',
  tags: 'tags',
};

/** Where an API error belongs in the form. */
export async function placeError(
  error: unknown,
  mode: EntryFormValues['mode'],
  fmt: TimeFormat,
  projectName: (id: number) => string,
): Promise<{ fields: FieldErrors; form: string | null }> {
  if (!(error instanceof ApiError)) return { fields: {}, form: error instanceof Error ? error.message : String(error) };
  if (error.code === 'overlap') {
    const ids = Array.isArray(error.details.conflicting_ids) ? (error.details.conflicting_ids as number[]) : [];
    const found = await Promise.all(
      ids.slice(0, 3).map((id) => api.get('/time-entries/{id}', { params: { path: { id } } }).catch(() => null)),
    );
    const described = found
      .filter((e): e is TimeEntry => e !== null)
      .map((e) =>
        i18n.t('entryForm.overlapEntry', {
          project: projectName(e.project_id),
          date: fmt.date(toEpoch(e.start_time)),
          start: fmt.time(toEpoch(e.start_time)),
          end: e.end_time ? fmt.time(toEpoch(e.end_time)) : i18n.t('entryForm.now'),
        }),
      );
    const entries = described.length ? described.join(', ') : i18n.t('entryForm.anotherEntry');
    const message = i18n.t('entryForm.overlaps', { entries });
    return { fields: mode === 'range' ? { start: message, end: message } : { start: message, duration: message }, form: null };
  }
  if (error.code === 'project_archived') return { fields: { project: error.message }, form: null };
  const fields: FieldErrors = {};
  for (const [apiField, message] of Object.entries(error.fields)) {
    const name = API_FIELDS[apiField];
    if (name) fields[name] = message;
  }
  if (Object.keys(fields).length > 0) return { fields, form: null };
  // A bound the server checks on the end (or duration) without naming a field.
  if (error.status === 400 && /end/i.test(error.serverMessage))
    return { fields: { [mode === 'range' ? 'end' : 'duration']: error.message }, form: null };
  return { fields: {}, form: error.message };
}
