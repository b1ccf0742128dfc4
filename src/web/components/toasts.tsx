// Toasts: short messages in a live region; an optional action (Undo) and a timeout.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'success' | 'error';
  action?: { label: string; run: () => void };
}

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function toast(
  message: string,
  options: { kind?: Toast['kind']; action?: Toast['action']; timeoutMs?: number } = {},
): number {
  const id = nextId++;
  const kind = options.kind ?? 'info';
  toasts = [...toasts.slice(-3), { id, message, kind, action: options.action }];
  emit();
  const timeout = options.timeoutMs ?? (options.action ? 8000 : kind === 'error' ? 7000 : 4000);
  window.setTimeout(() => dismissToast(id), timeout);
  return id;
}

export function toastError(error: unknown): void {
  toast(error instanceof Error ? error.message : String(error), { kind: 'error' });
}

export function Toasts() {
  const { t: translate } = useTranslation();
  const list = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`}>
          <span>{t.message}</span>
          {t.action && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                t.action?.run();
                dismissToast(t.id);
              }}
            >
              {t.action.label}
            </button>
          )}
          <button
            type="button"
            className="toast-close"
            aria-label={translate('common.dismiss')}
            onClick={() => dismissToast(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
