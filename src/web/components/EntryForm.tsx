// The time-entry form used for manual entries (start+end or duration) and for inline editing, on react-hook-form.
// Its checks: the typed date and times first (toBody), then the body against the shared schema the server validates
// with; server errors land next to the fields they concern: 409 `overlap` on start/end, validation_failed by field.
// An end before the start is never read as overnight on its own: the form asks "Ends the next day?". In start & end
// mode a duration field stays in sync with the end (worked time: end − start − break), both ways.
import { useEffect, useRef } from 'react';
import { useForm, type FieldErrors as FormErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { entryCreateBody } from '../../shared/schemas/entries.js';
import type { NewTimeEntry } from '../api/types.js';
import { fieldMessage } from '../i18n/errors.js';
import { i18n } from '../i18n/index.js';
import type { TimeFormat } from '../lib/time.js';
import { useProjects } from '../state/data.js';
import { useFmt } from '../state/session.js';
import { DateInput } from './DateInput.js';
import {
  API_FIELDS,
  endForDuration,
  endsBeforeStart,
  placeError,
  rangeDuration,
  toBody,
  type EntryFormValues,
  type FieldErrors,
  type FieldName,
} from './entry-form-values.js';
import { LazyProjectPicker as ProjectPicker } from './LazyProjectPicker.js';
import { Field, FormError } from './ui.js';

// The entries page builds the form's starting values with these.
export { emptyValues, valuesFromEntry } from './entry-form-values.js';
export type { EntryFormValues } from './entry-form-values.js';

/** Each of the form's error places → the value it shows next to. */
const ERROR_FIELD: Record<FieldName, keyof EntryFormValues> = {
  project: 'project_id',
  date: 'date',
  start: 'start',
  end: 'end',
  duration: 'duration',
  break: 'breakText',
  notes: 'notes',
  tags: 'tagsText',
};

function toFormErrors(errors: FieldErrors): FormErrors<EntryFormValues> {
  const out: FormErrors<EntryFormValues> = {};
  for (const [name, message] of Object.entries(errors) as [FieldName, string][]) {
    out[ERROR_FIELD[name]] = { type: 'validate', message };
  }
  return out;
}

/** The typed values (toBody), then the body against the shared schema: the form refuses what the API would. */
function entryResolver(fmt: TimeFormat): Resolver<EntryFormValues> {
  return (values) => {
    const { body, errors } = toBody(values, fmt);
    if (!body) return { values: {}, errors: toFormErrors(errors) };
    const checked = entryCreateBody.safeParse(body);
    if (checked.success) return { values, errors: {} };
    const shared: FieldErrors = {};
    for (const issue of checked.error.issues) {
      const place = API_FIELDS[String(issue.path[0])];
      if (place && !shared[place]) shared[place] = fieldMessage(issue.message);
    }
    return { values: {}, errors: toFormErrors(Object.keys(shared).length ? shared : { notes: i18n.t('errors.fieldInvalid') }) };
  };
}

export function EntryForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  compact,
  idPrefix,
  onDirtyChange,
}: {
  initial: EntryFormValues;
  submitLabel: string;
  onSubmit: (body: NewTimeEntry) => Promise<void>;
  onCancel?: () => void;
  compact?: boolean;
  idPrefix: string;
  /** Hears whether anything was changed (a dialog asks before throwing a changed form away). */
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const fmt = useFmt();
  const { byId: projects } = useProjects();
  const { t } = useTranslation();
  const form = useForm<EntryFormValues>({ defaultValues: initial, resolver: entryResolver(fmt) });
  const { register, formState, setError, setValue, watch } = form;
  const errors = formState.errors;
  const v = watch();
  const formRef = useRef<HTMLFormElement>(null);
  const dirty = formState.isDirty;
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  const askOvernight = endsBeforeStart(v, fmt);
  const edit = { shouldDirty: true } as const;
  /** Start, end or break changed: the duration shown follows (range mode). */
  const syncDuration = (next: Partial<EntryFormValues>) => {
    if (v.mode !== 'range') return;
    const duration = rangeDuration({ ...v, ...next }, fmt);
    if (duration !== null) setValue('duration', duration, edit);
  };
  const withSync = (name: 'start' | 'end' | 'breakText') => {
    const field = register(name);
    return {
      ...field,
      onChange: async (e: { target: { value: string } }) => {
        await field.onChange(e);
        syncDuration({ [name]: e.target.value });
      },
    };
  };
  const durationField = register('duration');
  const onDurationChange = async (e: { target: { value: string } }) => {
    await durationField.onChange(e);
    if (v.mode !== 'range') return;
    const next = endForDuration({ ...v, duration: e.target.value }, fmt);
    if (next) {
      setValue('end', next.end, edit);
      setValue('overnight', next.overnight, edit);
    }
  };

  const submit = form.handleSubmit(async (values) => {
    const { body } = toBody(values, fmt);
    if (!body) return;
    try {
      await onSubmit(body);
    } catch (error) {
      const placed = await placeError(
        error,
        values.mode,
        fmt,
        (id) => projects.get(id)?.name ?? t('common.projectNumber', { id: String(id) }),
      );
      for (const [name, message] of Object.entries(placed.fields) as [FieldName, string][]) {
        setError(ERROR_FIELD[name], { type: 'server', message });
      }
      if (placed.form) setError('root.server', { type: 'server', message: placed.form });
    }
  });

  const busy = formState.isSubmitting;
  const projectError = errors.project_id?.message;
  const pickerId = `${idPrefix}-project`;
  const timeHint = fmt.prefs.time_format === '12h' ? '9:30 AM' : '09:30';
  return (
    <form
      ref={formRef}
      className={`entry-form ${compact ? 'entry-form-compact' : ''}`}
      onSubmit={(e) => void submit(e)}
      noValidate
    >
      <div className={`field entry-project ${projectError ? 'field-invalid' : ''}`}>
        <label htmlFor={pickerId} id={`${pickerId}-label`}>
          {t('common.project')}
        </label>
        <ProjectPicker
          id={pickerId}
          value={{ project_id: v.project_id, task_id: v.task_id }}
          invalid={!!projectError}
          describedBy={projectError ? `${pickerId}-error` : undefined}
          onChange={(p) => {
            const project = p.project_id ? projects.get(p.project_id) : undefined;
            // A new project brings its billable default; the same project keeps what the user set.
            if (project && v.project_id !== p.project_id) setValue('billable', project.billable, edit);
            setValue('project_id', p.project_id, edit);
            setValue('task_id', p.task_id, edit);
          }}
        />
        {projectError && (
          <small className="field-error" id={`${pickerId}-error`} role="alert">
            {projectError}
          </small>
        )}
      </div>
      <Field label={t('entryForm.date')} error={errors.date?.message} className="entry-date">
        {(p) => (
          <DateInput
            {...p}
            name="date"
            value={v.date}
            onValueChange={(text) => {
              setValue('date', text, edit);
              syncDuration({ date: text });
            }}
            required
          />
        )}
      </Field>
      {!compact && (
        <fieldset className="segmented entry-mode">
          <legend className="sr-only">{t('entryForm.mode')}</legend>
          <label>
            <input type="radio" value="range" {...register('mode')} />
            {t('entryForm.range')}
          </label>
          <label>
            <input type="radio" value="duration" {...register('mode')} />
            {t('entryForm.duration')}
          </label>
        </fieldset>
      )}
      <Field label={t('entryForm.start')} error={errors.start?.message} className="entry-start">
        {(p) => <input {...p} {...withSync('start')} placeholder={timeHint} autoComplete="off" required />}
      </Field>
      {v.mode === 'range' && (
        <Field label={t('entryForm.end')} error={errors.end?.message} className="entry-end">
          {(p) => <input {...p} {...withSync('end')} placeholder={timeHint} autoComplete="off" required />}
        </Field>
      )}
      <Field
        label={t('entryForm.duration')}
        error={errors.duration?.message}
        className="entry-duration"
        hint={v.mode === 'duration' ? t('entryForm.durationHint') : undefined}
      >
        {(p) => <input {...p} {...durationField} onChange={onDurationChange} inputMode="decimal" required />}
      </Field>
      <Field label={t('entryForm.break')} error={errors.breakText?.message} className="entry-break">
        {(p) => <input {...p} {...withSync('breakText')} placeholder="0:15" autoComplete="off" />}
      </Field>
      {askOvernight && (
        <div className="entry-overnight" role="group" aria-labelledby={`${idPrefix}-overnight`}>
          {v.overnight ? (
            <p id={`${idPrefix}-overnight`} className="small">
              {t('entryForm.endsNextDay')}{' '}
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setValue('overnight', false, edit)}>
                {t('entryForm.notNextDay')}
              </button>
            </p>
          ) : (
            <>
              <p id={`${idPrefix}-overnight`} className="small" role="status">
                {t('entryForm.endsNextDayQuestion')}
              </p>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  setValue('overnight', true, edit);
                  syncDuration({ overnight: true });
                }}
              >
                {t('entryForm.yesNextDay')}
              </button>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => {
                  const end = formRef.current?.querySelector<HTMLInputElement>('.entry-end input');
                  end?.focus();
                  end?.select();
                }}
              >
                {t('entryForm.noFixTime')}
              </button>
            </>
          )}
        </div>
      )}
      <Field label={t('common.notes')} error={errors.notes?.message} className="entry-notes">
        {(p) => <input {...p} {...register('notes')} placeholder={t('entryForm.notesPlaceholder')} />}
      </Field>
      <Field label={t('common.tags')} error={errors.tagsText?.message} className="entry-tags">
        {(p) => <input {...p} {...register('tagsText')} placeholder={t('entryForm.tagsPlaceholder')} />}
      </Field>
      <div className="check entry-billable">
        <input id={`${idPrefix}-billable`} type="checkbox" {...register('billable')} />
        <label htmlFor={`${idPrefix}-billable`}>{t('common.billable')}</label>
      </div>
      <FormError message={errors.root?.server?.message} />
      <div className="form-actions entry-form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.saving') : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
