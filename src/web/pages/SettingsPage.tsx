// Settings: profile, password, and preferences (theme, zone, formats, week start, rounding, goals, analytics
// opt-out). Preferences are saved through the API and applied at once everywhere (dates, weeks, theme).
import { useMemo, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { Preferences, User } from '../api/types.js';
import { FormActions, useFormState } from '../components/crud.js';
import { toast } from '../components/toasts.js';
import { Field, PageHeader, TextField } from '../components/ui.js';
import { Link } from '../lib/router.js';
import { nowEpoch, TimeFormat, timeZones } from '../lib/time.js';
import { usePageTitle } from '../lib/title.js';
import { useSession } from '../state/session.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function SettingsPage() {
  usePageTitle('Settings');
  return (
    <>
      <PageHeader title="Settings" />
      <div className="settings">
        <PreferencesSection />
        <ProfileSection />
        <PasswordSection />
      </div>
    </>
  );
}

function ProfileSection() {
  const { user, setUser } = useSession();
  const [fullName, setFullName] = useState(user?.full_name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const { errors, formError, busy, validate, save } = useFormState();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    validate({});
    await save(async () => {
      const saved = await api.patch<User>('/users/me', { full_name: fullName.trim() || null, email: email.trim() || null });
      setUser(saved);
      toast('Profile saved.', { kind: 'success' });
    }, ['full_name', 'email']);
  };
  return (
    <section className="card" aria-labelledby="profile-title" id="profile">
      <h2 id="profile-title">Profile</h2>
      <p className="muted small">
        Signed in as <strong>{user?.username}</strong> ({user?.role},{' '}
        {user?.auth_method === 'oidc' ? 'single sign-on' : 'password'}).
      </p>
      <form onSubmit={submit} noValidate className="stack">
        <TextField label="Full name" error={errors.full_name} value={fullName} onValue={setFullName} autoComplete="name" />
        <TextField label="E-mail" error={errors.email} type="email" value={email} onValue={setEmail} autoComplete="email" />
        <FormActions error={formError} busy={busy} submit="Save profile" />
      </form>
    </section>
  );
}

function PasswordSection() {
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, setErrors, formError, busy, validate, save } = useFormState();
  if (user?.auth_method === 'oidc') {
    return (
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <p className="muted">You sign in with single sign-on; your password is managed by your identity provider.</p>
      </section>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!current) local.current_password = 'Enter your current password.';
    if (next.length < 8) local.new_password = 'At least 8 characters.';
    if (confirm !== next) local.confirm = 'The passwords do not match.';
    if (!validate(local)) return;
    await save(
      async () => {
        await api.post('/users/me/password', { current_password: current, new_password: next });
        setCurrent('');
        setNext('');
        setConfirm('');
        toast('Password changed.', { kind: 'success' });
      },
      ['current_password', 'new_password'],
      (error) => {
        if (!(
          error instanceof ApiError &&
          (error.code === 'invalid_credentials' || error.code === 'wrong_password' || error.code === 'invalid_password')
        ))
          return false;
        setErrors({ current_password: 'This is not your current password.' });
        return true;
      },
    );
  };
  return (
    <section className="card" aria-labelledby="password-title" id="password">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submit} noValidate className="stack">
        <input type="text" name="username" autoComplete="username" value={user?.username ?? ''} readOnly hidden />
        <TextField
          label="Current password"
          error={errors.current_password}
          type="password"
          value={current}
          onValue={setCurrent}
          autoComplete="current-password"
        />
        <TextField
          label="New password"
          error={errors.new_password}
          hint="At least 8 characters."
          type="password"
          value={next}
          onValue={setNext}
          autoComplete="new-password"
        />
        <TextField
          label="Repeat new password"
          error={errors.confirm}
          type="password"
          value={confirm}
          onValue={setConfirm}
          autoComplete="new-password"
        />
        <FormActions error={formError} busy={busy} submit="Change password" />
      </form>
    </section>
  );
}

function PreferencesSection() {
  const { prefs, updatePreferences } = useSession();
  const [draft, setDraft] = useState<Preferences>(prefs);
  const [goal, setGoal] = useState(prefs.weekly_goal_hours === null ? '' : String(prefs.weekly_goal_hours));
  const [standard, setStandard] = useState(String(prefs.standard_hours_per_day));
  const { errors, formError, busy, validate, save } = useFormState();
  const zones = useMemo(() => timeZones(), []);
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const goalValue = goal.trim() ? Number(goal.replace(',', '.')) : null;
    const standardValue = Number(standard.replace(',', '.'));
    if (goalValue !== null && !(goalValue > 0 && goalValue <= 168))
      local.weekly_goal_hours = 'Enter hours between 0 and 168, or leave empty.';
    if (!(standardValue > 0 && standardValue <= 24)) local.standard_hours_per_day = 'Enter hours between 0 and 24.';
    if (!validate(local)) return;
    const patch: Partial<Preferences> = {};
    const full: Preferences = { ...draft, weekly_goal_hours: goalValue, standard_hours_per_day: standardValue };
    for (const key of Object.keys(full) as (keyof Preferences)[]) {
      if (full[key] !== prefs[key]) (patch as Record<string, unknown>)[key] = full[key];
    }
    if (Object.keys(patch).length === 0) {
      toast('Nothing changed.');
      return;
    }
    await save(async () => {
      const saved = await updatePreferences(patch);
      setDraft(saved);
      toast('Preferences saved.', { kind: 'success' });
    }, Object.keys(full));
  };

  return (
    <section className="card settings-prefs" aria-labelledby="prefs-title" id="preferences">
      <h2 id="prefs-title">Preferences</h2>
      <form onSubmit={submit} noValidate className="prefs-grid">
        <fieldset className="segmented theme-switch">
          <legend>Theme</legend>
          {(['light', 'dark', 'system'] as const).map((t) => (
            <label key={t} className={draft.theme === t ? 'checked' : ''}>
              <input type="radio" name="theme" value={t} checked={draft.theme === t} onChange={() => set('theme', t)} />
              {t === 'system' ? 'System' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </fieldset>
        <Field label="Time zone" error={errors.timezone} hint={preview ? `Now: ${preview}` : undefined}>
          {(p) => (
            <select {...p} value={draft.timezone} onChange={(e) => set('timezone', e.target.value)}>
              {!zones.includes(draft.timezone) && <option value={draft.timezone}>{draft.timezone}</option>}
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Date format" error={errors.date_format}>
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
        <Field label="Time format" error={errors.time_format}>
          {(p) => (
            <select
              {...p}
              value={draft.time_format}
              onChange={(e) => set('time_format', e.target.value as Preferences['time_format'])}
            >
              <option value="24h">24-hour (17:30)</option>
              <option value="12h">12-hour (5:30 PM)</option>
            </select>
          )}
        </Field>
        <Field label="Week starts on" error={errors.week_start}>
          {(p) => (
            <select {...p} value={draft.week_start} onChange={(e) => set('week_start', Number(e.target.value))}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={i}>
                  {d}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Round durations to" error={errors.rounding_minutes}>
          {(p) => (
            <select {...p} value={draft.rounding_minutes} onChange={(e) => set('rounding_minutes', Number(e.target.value))}>
              {[1, 5, 6, 10, 15, 30, 60].map((m) => (
                <option key={m} value={m}>
                  {m === 1 ? '1 minute' : `${m} minutes`}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Rounding method" error={errors.rounding_method}>
          {(p) => (
            <select
              {...p}
              value={draft.rounding_method}
              onChange={(e) => set('rounding_method', e.target.value as Preferences['rounding_method'])}
            >
              <option value="nearest">Nearest</option>
              <option value="up">Always up</option>
              <option value="down">Always down</option>
            </select>
          )}
        </Field>
        <TextField
          label="Standard hours per day"
          error={errors.standard_hours_per_day}
          value={standard}
          onValue={setStandard}
          inputMode="decimal"
        />
        <TextField
          label="Weekly goal (hours)"
          error={errors.weekly_goal_hours}
          hint="Leave empty for no goal"
          value={goal}
          onValue={setGoal}
          inputMode="decimal"
          placeholder="e.g. 40"
        />
        <div className="check prefs-optout">
          <input
            id="pref-optout"
            type="checkbox"
            checked={draft.analytics_opt_out}
            onChange={(e) => set('analytics_opt_out', e.target.checked)}
            aria-describedby="pref-optout-hint"
          />
          <div>
            <label htmlFor="pref-optout">Don’t include me in usage analytics</label>
            <small id="pref-optout-hint" className="hint">
              Nothing about what you do is sent to this installation’s analytics. <Link to="/privacy">What is collected</Link>
            </small>
          </div>
        </div>
        <FormActions
          error={formError}
          busy={busy}
          submit={busy ? 'Saving…' : 'Save preferences'}
          className="form-actions prefs-actions"
        />
      </form>
    </section>
  );
}
