// The one way the UI asks before doing something (and says why it cannot): an accessible modal on `Dialog`, never
// window.confirm. The confirm button has the focus, so Enter confirms and Escape cancels; a refusal without a way
// forward has only "Close". useConfirm() gives a promise per question, so callers read like `if (await confirm(…))`.
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './ui.js';

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  /** The button that goes ahead; null: nothing to confirm, the dialog only informs (one "Close" button). */
  confirmLabel: string | null;
  /** danger: the action destroys something (a red button). */
  tone?: 'danger' | 'primary';
}

export function ConfirmDialog({ request, onAnswer }: { request: ConfirmRequest | null; onAnswer: (confirmed: boolean) => void }) {
  const { t } = useTranslation();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const open = request !== null;
  // Runs after Dialog has opened itself (a child's effects run first) and put the focus on its first control.
  useEffect(() => {
    if (open) (confirmRef.current ?? closeRef.current)?.focus();
  }, [open, request]);
  return (
    <Dialog open={open} title={request?.title ?? ''} onClose={() => onAnswer(false)}>
      {request && (
        <div className="stack confirm-dialog">
          <div className="confirm-body">{request.body}</div>
          <div className="form-actions">
            {request.confirmLabel !== null && (
              <button
                ref={confirmRef}
                type="button"
                className={`btn ${request.tone === 'danger' ? 'btn-danger' : 'btn-primary'}`}
                onClick={() => onAnswer(true)}
              >
                {request.confirmLabel}
              </button>
            )}
            <button ref={closeRef} type="button" className="btn btn-ghost" onClick={() => onAnswer(false)}>
              {request.confirmLabel === null ? t('common.close') : t('common.cancel')}
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

/** `confirm(request)` resolves true when the user confirms, false on Cancel, Escape, × or the backdrop. */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactElement] {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (ok: boolean) => void } | null>(null);
  const confirm = useCallback(
    (request: ConfirmRequest) =>
      new Promise<boolean>((resolve) =>
        setPending((previous) => {
          // A new question answers an open one with "no" rather than leaving its caller waiting.
          previous?.resolve(false);
          return { request, resolve };
        }),
      ),
    [],
  );
  const answer = (confirmed: boolean) => {
    pending?.resolve(confirmed);
    setPending(null);
  };
  return [confirm, <ConfirmDialog request={pending?.request ?? null} onAnswer={answer} />];
}
