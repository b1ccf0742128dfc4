// Small building blocks: page header, fields with errors, skeletons, empty states, dialogs, error panels.
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function PageHeader({ title, children, subtitle }: { title: string; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">
          {title}
        </h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}

/** A labelled control with its hint and error (aria-describedby / aria-invalid wired up). */
export function Field({
  label,
  error,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  className?: string;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${error ? 'field-invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

/** A `Field` holding a text-like <input>; other input attributes (type, autoComplete, …) pass through. */
export function TextField({
  label,
  error,
  hint,
  value,
  onValue,
  ...input
}: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  value: string;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => <input {...p} {...input} value={value} onChange={(e) => onValue(e.target.value)} />}
    </Field>
  );
}

export function Skeleton({ lines = 3, height }: { lines?: number; height?: number }) {
  const { t } = useTranslation();
  return (
    <div className="skeleton-group" aria-busy="true" aria-label={t('common.loading')}>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" style={height ? { height } : undefined} />
      ))}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <svg aria-hidden="true" viewBox="0 0 48 48" width="48" height="48">
        <circle cx="24" cy="26" r="16" fill="none" stroke="currentColor" strokeWidth="3" />
        <path d="M24 16v10l6 4" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <h2>{title}</h2>
      {children && <p className="muted">{children}</p>}
      {action}
    </div>
  );
}

export function ErrorPanel({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="error-panel" role="alert">
      <p>{error.message}</p>
      {retry && (
        <button type="button" className="btn" onClick={retry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}

export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}

/** A modal <dialog>: focus is trapped by the browser, Escape closes it, focus returns afterwards. */
export function Dialog({
  open,
  title,
  onClose,
  children,
  wide,
  dismissible = true,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
  /** false: no ×, Esc and the backdrop do nothing — the dialog's own buttons are the only way out. */
  dismissible?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const previous = document.activeElement as HTMLElement | null;
      dialog.showModal();
      const focusable = dialog.querySelector<HTMLElement>('[autofocus], input, select, textarea, button:not(.dialog-close)');
      focusable?.focus();
      return () => previous?.focus?.();
    }
    if (!open && dialog.open) dialog.close();
    return undefined;
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dialog ${wide ? 'dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissible) onClose();
      }}
      onClick={(e) => {
        if (dismissible && e.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="dialog-body">
          <div className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            {dismissible && (
              <button type="button" className="dialog-close btn-icon" aria-label={t('common.close')} onClick={onClose}>
                ×
              </button>
            )}
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

export function Badge({
  children,
  tone = 'neutral',
}: {
  children: ReactNode;
  tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info';
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function ColorDot({ color, label }: { color: string; label?: string }) {
  return (
    <span
      className="dot"
      style={{ background: color }}
      aria-hidden={label ? undefined : true}
      aria-label={label}
      role={label ? 'img' : undefined}
    />
  );
}
