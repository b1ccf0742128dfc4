// Settings: profile, password, invoicing (administrators), and preferences (language, theme previewed on choice,
// zone from a searchable list, formats, week start, timer and report rounding in groups of their own, goals,
// analytics opt-out). Preferences are saved through the API and applied at once everywhere (language, dates,
// weeks, theme).
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { Preferences } from '../api/types.js';
import { FormActions, useFormState } from '../components/crud.js';
import { toast } from '../components/toasts.js';
import { Field, PageHeader, TextField } from '../components/ui.js';
import { applyLanguage, i18n, LANGUAGE_NAMES, LANGUAGES, uiLanguage } from '../i18n/index.js';
import { Link } from '../lib/router.js';
import { TimeZonePicker } from '../components/TimeZonePicker.js';
import { nowEpoch, TimeFormat } from '../lib/time.js';
import { applyTheme } from '../lib/theme.js';
import { usePageTitle } from '../lib/title.js';
import { useSession } from '../state/session.js';
import { PasswordSection, ProfileSection } from './settings/AccountForms.js';
import { RoundingGroups } from './settings/RoundingGroups.js';
import { InvoicingSettingsSection } from './settings/InvoicingSettings.js';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

export function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.settings'));
  const { isAdmin } = useSession();
  return (
    <>
      <PageHeader title={t('nav.settings')} />
      <div className="settings">
        <PreferencesSection />
        <ProfileSection />
        <PasswordSection />
        {isAdmin && <InvoicingSettingsSection />}
      </div>
    </>
  );
}

function PreferencesSection() {
  const { prefs, updatePreferences, fmt } = useSession();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Preferences>(prefs);
  const [goal, setGoal] = useState(prefs.weekly_goal_hours === null ? '' : String(prefs.weekly_goal_hours));
  const [standard, setStandard] = useState(String(prefs.standard_hours_per_day));
  const { errors, formError, busy, validate, save } = useFormState();
  // The theme previewed but not saved gives way to the saved one when the page is left.
  const savedTheme = useRef(prefs.theme);
  savedTheme.current = prefs.theme;
  useEffect(() => () => applyTheme(savedTheme.current), []);
  const set = <K extends keyof Preferences>(key: K, value: Preferences[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const preview = useMemo(() => {
    try {
      const f = new TimeFormat(draft);
      const now = nowEpoch();
      return `${f.weekday(now)}, ${f.date(now)} ${f.time(now)}`;
    } catch {
      return '';
    }
  }, [draft]);
  /** 17:30 in a time format, as the options show it. */
  const timeExample = (format: Preferences['time_format']) =>
    new TimeFormat({ ...draft, timezone: 'UTC', time_format: format }).time(Date.UTC(2026, 10, 27, 17, 30) / 1000);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const goalValue = goal.trim() ? Number(goal.replace(',', '.')) : null;
    const standardValue = Number(standard.replace(',', '.'));
    if (goalValue !== null && !(goalValue > 0 && goalValue <= 168)) local.weekly_goal_hours = t('settings.goalRange');
    if (!(standardValue > 0 && standardValue <= 24)) local.standard_hours_per_day = t('settings.standardRange');
    if (!validate(local)) return;
    const patch: Partial<Preferences> = {};
    const full: Preferences = { ...draft, weekly_goal_hours: goalValue, standard_hours_per_day: standardValue };
    for (const key of Object.keys(full) as (keyof Preferences)[]) {
      if (full[key] !== prefs[key]) (patch as Record<string, unknown>)[key] = full[key];
    }
    if (Object.keys(patch).length === 0) {
      toast(t('settings.nothingChanged'));
      return;
    }
    await save(async () => {
      const saved = await updatePreferences(patch);
      setDraft(saved);
      // Said in the language just chosen.
      await applyLanguage(saved.language);
      toast(i18n.t('settings.prefsSaved'), { kind: 'success' });
    }, Object.keys(full));
  };

  return (
    <section className="card settings-prefs" aria-labelledby="prefs-title" id="preferences">
      <h2 id="prefs-title">{t('settings.preferences')}</h2>
      <form onSubmit={submit} noValidate className="prefs-grid">
        <Field label={t('settings.language')} error={errors.language}>
          {(p) => (
            <select {...p} value={uiLanguage(draft.language)} onChange={(e) => set('language', e.target.value)}>
              {LANGUAGES.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {LANGUAGE_NAMES[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="segmented theme-switch">
          <legend>{t('settings.theme')}</legend>
          {(['light', 'dark', 'system'] as const).map((theme) => (
            <label key={theme} className={draft.theme === theme ? 'checked' : ''}>
              <input
                type="radio"
                name="theme"
                value={theme}
                checked={draft.theme === theme}
                onChange={() => {
                  set('theme', theme);
                  // A preview: the page shows the theme at once; leaving without saving puts the saved one back.
                  applyTheme(theme);
                }}
              />
              {theme === 'system'
                ? t('settings.themeSystem')
                : theme === 'light'
                  ? t('settings.themeLight')
                  : t('settings.themeDark')}
            </label>
          ))}
        </fieldset>
        <div className={`field ${errors.timezone ? 'field-invalid' : ''}`}>
          <label htmlFor="pref-timezone" id="pref-timezone-label">
            {t('settings.timezone')}
          </label>
          <TimeZonePicker
            id="pref-timezone"
            value={draft.timezone}
            onChange={(zone) => set('timezone', zone)}
            describedBy="pref-timezone-hint"
            invalid={Boolean(errors.timezone)}
          />
          <small id="pref-timezone-hint" className="hint">
            {preview ? t('settings.now', { preview }) : null}
          </small>
          {errors.timezone && (
            <small className="field-error" role="alert">
              {errors.timezone}
            </small>
          )}
        </div>
        <Field label={t('settings.dateFormat')} error={errors.date_format}>
          {(p) => (
            <select
              {...p}
              value={draft.date_format}
              onChange={(e) => set('date_format', e.target.value as Preferences['date_format'])}
            >
              <option value="YYYY-MM-DD">2026-11-27</option>
              <option value="DD.MM.YYYY">27.11.2026</option>
              <option value="DD/MM/YYYY">27/11/2026</option>
              <option value="MM/DD/YYYY">11/27/2026</option>
            </select>
          )}
        </Field>
        <Field label={t('settings.timeFormat')} error={errors.time_format}>
          {(p) => (
            <select
              {...p}
              value={draft.time_format}
              onChange={(e) => set('time_format', e.target.value as Preferences['time_format'])}
            >
              <option value="24h">{t('settings.time24', { example: timeExample('24h') })}</option>
              <option value="12h">{t('settings.time12', { example: timeExample('12h') })}</option>
            </select>
          )}
        </Field>
        <Field label={t('settings.weekStart')} error={errors.week_start}>
          {(p) => (
            <select {...p} value={draft.week_start} onChange={(e) => set('week_start', Number(e.target.value))}>
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {fmt.weekdayName(d)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField
          label={t('settings.standardHours')}
          error={errors.standard_hours_per_day}
          value={standard}
          onValue={setStandard}
          inputMode="decimal"
        />
        <TextField
          label={t('settings.weeklyGoal')}
          error={errors.weekly_goal_hours}
          hint={t('settings.goalHint')}
          value={goal}
          onValue={setGoal}
          inputMode="decimal"
          placeholder={t('settings.goalPlaceholder')}
        />
        <RoundingGroups draft={draft} set={set} errors={errors} />
        <div className="check prefs-optout">
          <input
            id="pref-optout"
            type="checkbox"
            checked={draft.analytics_opt_out}
            onChange={(e) => set('analytics_opt_out', e.target.checked)}
            aria-describedby="pref-optout-hint"
          />
          <div>
            <label htmlFor="pref-optout">{t('settings.optOut')}</label>
            <small id="pref-optout-hint" className="hint">
              <Trans i18nKey="settings.optOutHint" components={{ a: <Link to="/privacy" /> }} />
            </small>
          </div>
        </div>
        <FormActions
          error={formError}
          busy={busy}
          submit={busy ? t('common.saving') : t('settings.savePrefs')}
          className="form-actions prefs-actions"
        />
      </form>
    </section>
  );
}
