// The time-entry form used for manual entries (start+end or duration) and for inline editing, on react-hook-form.
// Its checks: the typed date and times first (toBody), then the body against the shared schema the server validates
// with; server errors land next to the fields they concern: 409 `overlap` on start/end, validation_failed by field.
import { useForm, type FieldErrors as FormErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { entryCreateBody } from '../../shared/schemas/entries.js';
import type { NewTimeEntry } from '../api/types.js';
import { fieldMessage } from '../i18n/errors.js';
import { i18n } from '../i18n/index.js';
import type { TimeFormat } from '../lib/time.js';
import { useProjects } from '../state/data.js';
import { useFmt } from '../state/session.js';
import { API_FIELDS, placeError, toBody, type EntryFormValues, type FieldErrors, type FieldName } from './entry-form-values.js';
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
}: {
  initial: EntryFormValues;
  submitLabel: string;
  onSubmit: (body: NewTimeEntry) => Promise<void>;
  onCancel?: () => void;
  compact?: boolean;
  idPrefix: string;
}) {
  const fmt = useFmt();
  const { byId: projects } = useProjects();
  const { t } = useTranslation();
  const form = useForm<EntryFormValues>({ defaultValues: initial, resolver: entryResolver(fmt) });
  const { register, formState, setError, setValue, watch } = form;
  const errors = formState.errors;
  const v = watch();

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
    <form className={`entry-form ${compact ? 'entry-form-compact' : ''}`} onSubmit={(e) => void submit(e)} noValidate>
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
            if (project && v.project_id !== p.project_id) setValue('billable', project.billable);
            setValue('project_id', p.project_id);
            setValue('task_id', p.task_id);
          }}
        />
        {projectError && (
          <small className="field-error" id={`${pickerId}-error`} role="alert">
            {projectError}
          </small>
        )}
      </div>
      <Field label={t('entryForm.date')} error={errors.date?.message} className="entry-date">
        {(p) => <input {...p} type="date" {...register('date')} required />}
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
        {(p) => <input {...p} {...register('start')} placeholder={timeHint} autoComplete="off" required />}
      </Field>
      {v.mode === 'range' ? (
        <Field label={t('entryForm.end')} error={errors.end?.message} className="entry-end">
          {(p) => <input {...p} {...register('end')} placeholder={timeHint} autoComplete="off" required />}
        </Field>
      ) : (
        <Field
          label={t('entryForm.duration')}
          error={errors.duration?.message}
          className="entry-duration"
          hint={t('entryForm.durationHint')}
        >
          {(p) => <input {...p} {...register('duration')} inputMode="decimal" required />}
        </Field>
      )}
      {!compact && (
        <Field label={t('entryForm.break')} error={errors.breakText?.message} className="entry-break">
          {(p) => <input {...p} {...register('breakText')} placeholder="0:15" autoComplete="off" />}
        </Field>
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
