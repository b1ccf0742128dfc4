// The two kinds of rounding, each in a group of its own with one line saying what it does: how a stopped timer
// is stored (rounding of the stop, and the minimum to keep without asking), and how reports, exports and invoices
// round what they show (per entry or per day) without changing stored times.
import { useTranslation } from 'react-i18next';
import type { Preferences } from '../../api/types.js';
import { Field } from '../../components/ui.js';

const MINUTES = [1, 5, 6, 10, 15, 30, 60] as const;
/** Minimum durations to keep offered (seconds); the user's own value is offered too. */
const MIN_TIMER_CHOICES = [0, 30, 60, 120, 300, 600, 900];

type Set = <K extends keyof Preferences>(key: K, value: Preferences[K]) => void;

export function RoundingGroups({
  draft,
  set,
  errors,
}: {
  draft: Preferences;
  set: Set;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  const minChoices = MIN_TIMER_CHOICES.includes(draft.min_timer_seconds)
    ? MIN_TIMER_CHOICES
    : [...MIN_TIMER_CHOICES, draft.min_timer_seconds].sort((a, b) => a - b);
  const minLabel = (s: number) =>
    s === 0
      ? t('settings.minTimerAlways')
      : s === 30
        ? t('settings.halfMinute')
        : s % 60 === 0
          ? t('settings.minutes', { count: s / 60 })
          : `${s} s`;
  const methods = (
    <>
      <option value="nearest">{t('settings.nearest')}</option>
      <option value="up">{t('settings.up')}</option>
      <option value="down">{t('settings.down')}</option>
    </>
  );
  const minutes = MINUTES.map((m) => (
    <option key={m} value={m}>
      {t('settings.minutes', { count: m })}
    </option>
  ));
  return (
    <>
      <fieldset className="prefs-group" aria-describedby="prefs-timer-hint">
        <legend>{t('settings.timerGroup')}</legend>
        <p id="prefs-timer-hint" className="hint">
          {t('settings.timerGroupHint')}
        </p>
        <Field label={t('settings.rounding')} error={errors.rounding_minutes}>
          {(p) => (
            <select
              {...p}
              value={draft.rounding_minutes}
              onChange={(e) => set('rounding_minutes', Number(e.target.value) as Preferences['rounding_minutes'])}
            >
              {minutes}
            </select>
          )}
        </Field>
        <Field label={t('settings.roundingMethod')} error={errors.rounding_method}>
          {(p) => (
            <select
              {...p}
              value={draft.rounding_method}
              onChange={(e) => set('rounding_method', e.target.value as Preferences['rounding_method'])}
            >
              {methods}
            </select>
          )}
        </Field>
        <Field label={t('settings.minTimer')} error={errors.min_timer_seconds} hint={t('settings.minTimerHint')}>
          {(p) => (
            <select {...p} value={draft.min_timer_seconds} onChange={(e) => set('min_timer_seconds', Number(e.target.value))}>
              {minChoices.map((s) => (
                <option key={s} value={s}>
                  {minLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset className="prefs-group" aria-describedby="prefs-report-hint">
        <legend>{t('settings.reportGroup')}</legend>
        <p id="prefs-report-hint" className="hint">
          {t('settings.reportGroupHint')}
        </p>
        <Field label={t('settings.reportRounding')} error={errors.report_rounding}>
          {(p) => (
            <select
              {...p}
              value={draft.report_rounding}
              onChange={(e) => set('report_rounding', e.target.value as Preferences['report_rounding'])}
            >
              <option value="none">{t('settings.reportNone')}</option>
              <option value="entry">{t('settings.reportEntry')}</option>
              <option value="day">{t('settings.reportDay')}</option>
            </select>
          )}
        </Field>
        <Field label={t('settings.reportMinutes')} error={errors.report_rounding_minutes}>
          {(p) => (
            <select
              {...p}
              value={draft.report_rounding_minutes}
              disabled={draft.report_rounding === 'none'}
              onChange={(e) => set('report_rounding_minutes', Number(e.target.value) as Preferences['report_rounding_minutes'])}
            >
              {minutes}
            </select>
          )}
        </Field>
        <Field label={t('settings.reportMethod')} error={errors.report_rounding_method}>
          {(p) => (
            <select
              {...p}
              value={draft.report_rounding_method}
              disabled={draft.report_rounding === 'none'}
              onChange={(e) => set('report_rounding_method', e.target.value as Preferences['report_rounding_method'])}
            >
              {methods}
            </select>
          )}
        </Field>
      </fieldset>
    </>
  );
}
