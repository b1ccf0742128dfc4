// Shared pieces of the list pages (the catalog pages, tokens, users): search + status filter, list states, the
// table frame, row buttons, the delete error, and the form state with error placement.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.js';
import { setQuery, useLocation } from '../lib/router.js';
import { EmptyState, ErrorPanel, FormError, Skeleton } from './ui.js';

/**
 * Search box (and, when `onStatus` is given, a status select) above a list; `children` go between them.
 * `label` is the search box's label ("Search clients"); status options default to active / archived / all.
 */
export function ListFilters({
  search,
  onSearch,
  status,
  onStatus,
  statusOptions,
  label,
  searchId = 'list-q',
  placeholder,
  children,
}: {
  search: string;
  onSearch: (s: string) => void;
  status?: string;
  onStatus?: (s: string) => void;
  statusOptions?: [string, string][];
  label: string;
  searchId?: string;
  placeholder?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const options = statusOptions ?? [
    ['active', t('common.active')],
    ['archived', t('common.archived')],
    ['all', t('common.all')],
  ];
  return (
    <section className="filters card" aria-label={t('common.filters')}>
      <div className="field field-grow">
        <label htmlFor={searchId}>{label}</label>
        <input
          id={searchId}
          type="search"
          data-search
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder={placeholder ?? t('list.searchPlaceholder')}
        />
      </div>
      {children}
      {onStatus && (
        <div className="field">
          <label htmlFor="list-status">{t('common.status')}</label>
          <select id="list-status" value={status} onChange={(e) => onStatus(e.target.value)}>
            {options.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      )}
    </section>
  );
}

/** The search text (kept in state) and the status filter (kept in `?status=`, absent when it is the default). */
export function useListQuery(defaultStatus: string) {
  const { query } = useLocation();
  const [search, setSearch] = useState('');
  const status = query.get('status') ?? defaultStatus;
  const onStatus = (s: string) => setQuery({ status: s === defaultStatus ? null : s });
  return { query, search, setSearch, status, onStatus };
}

/** A list's error, loading and empty states; `children` renders the list once there is something to show. */
export function ListStates({
  error,
  retry,
  loading,
  lines,
  empty,
  children,
}: {
  error: Error | null | undefined;
  retry: () => void;
  loading: boolean;
  lines: number;
  empty: ReactNode;
  children: () => ReactNode;
}) {
  if (error) return <ErrorPanel error={error} retry={retry} />;
  if (loading)
    return (
      <section className="card">
        <Skeleton lines={lines} />
      </section>
    );
  if (empty) return <>{empty}</>;
  return <>{children()}</>;
}

/**
 * The empty state of a list page: when nothing exists yet (`none`), `title`, the explanation and the action
 * that creates the first one; otherwise the filters hide everything, and `noMatch` says so.
 */
export function ListEmpty({
  none,
  title,
  noMatch,
  action,
  children,
}: {
  none: boolean;
  title: string;
  noMatch: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <EmptyState title={none ? title : noMatch} action={none ? action : undefined}>
      {none ? children : t('list.tryAnother')}
    </EmptyState>
  );
}

/** The table card of a list page: column headers, an unlabelled actions column when `actions`, then the rows. */
export function ListTable({ columns, actions, children }: { columns: string[]; actions: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card table-card">
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="sr-only">{t('list.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}

/** A small ghost button in a table row's actions. */
export function RowButton({
  label,
  danger,
  onClick,
  children,
}: {
  label?: string;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={danger ? 'btn btn-ghost btn-small btn-danger-text' : 'btn btn-ghost btn-small'}
      onClick={onClick}
      aria-label={label}
    >
      {children}
    </button>
  );
}

/** The primary button that opens the create dialog (page header or empty state). */
export function NewButton({ onClick, disabled, children }: { onClick: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button type="button" className="btn btn-primary" onClick={onClick} disabled={disabled}>
      {children}
    </button>
  );
}

/**
 * The state of a form: field errors, the form-level error and busy. `validate` shows local errors and says whether
 * there were none; `save` runs the request with busy set, and puts an API error on the `known` fields or the form,
 * unless `onError` handles it (returns true).
 */
export function useFormState() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const validate = (local: Record<string, string>): boolean => {
    setErrors(local);
    setFormError(null);
    return Object.keys(local).length === 0;
  };
  const save = async (action: () => Promise<void>, known: string[], onError?: (error: unknown) => boolean) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      if (onError?.(error)) return;
      const split = splitError(error, known);
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, formError, setFormError, busy, validate, save };
}

/** The form-level error, then the submit button and (with `onCancel`) a Cancel button. */
export function FormActions({
  error,
  busy,
  submit,
  onCancel,
  className = 'form-actions',
}: {
  error: string | null;
  busy: boolean;
  submit: ReactNode;
  onCancel?: () => void;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormError message={error} />
      <div className={className}>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </>
  );
}

export function matches(name: string, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = name.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Field errors of a validation_failed answer, and the form-level message otherwise. */
export function splitError(error: unknown, known: string[]): { fields: Record<string, string>; form: string | null } {
  if (error instanceof ApiError) {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(error.fields)) if (known.includes(k)) fields[k] = v;
    if (error.code === 'name_taken' || error.code === 'conflict') {
      if (known.includes('name')) return { fields: { name: error.message }, form: null };
    }
    if (Object.keys(fields).length > 0) return { fields, form: null };
    return { fields: {}, form: error.message };
  }
  return { fields: {}, form: error instanceof Error ? error.message : String(error) };
}
