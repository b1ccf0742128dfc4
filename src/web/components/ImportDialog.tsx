// Import time entries from a CSV file (Toggl, Clockify or this app's own export): check first (dry run), then
// import; the real run is all-or-nothing on the server, duplicates are skipped, overlapping rows are row errors.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { invalidate } from '../lib/resource.js';
import { toast } from './toasts.js';
import { Dialog, Field, FormError } from './ui.js';

interface ImportResult {
  source: string;
  dry_run: boolean;
  rows: number;
  imported: number;
  skipped: number;
  errors: { row: number; message: string }[];
  error_count: number;
  created: { clients: number; projects: number; tasks: number };
}

const SOURCES: Record<string, string> = { toggl: 'Toggl Track', clockify: 'Clockify', csv: 'TimeTracker CSV' };

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Import time entries" onClose={onClose} wide>
      {open && <ImportForm onClose={onClose} />}
    </Dialog>
  );
}

function ImportForm({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    if (!file) {
      setError('Choose a CSV file.');
      return null;
    }
    const form = new FormData();
    form.append('dry_run', String(dryRun));
    if (format) form.append('format', format);
    form.append('file', file);
    setBusy(true);
    setError(null);
    try {
      return await api.upload<ImportResult>('/imports/time-entries', form);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const onCheck = async (e: FormEvent) => {
    e.preventDefault();
    setCheck(await send(true));
  };

  const onImport = async () => {
    const result = await send(false);
    if (!result) return;
    if (result.error_count > 0) {
      setCheck(result);
      return;
    }
    invalidate('entries', 'dash', 'report', 'projects', 'clients', 'tasks');
    toast(
      `${result.imported} ${result.imported === 1 ? 'entry' : 'entries'} imported${result.skipped ? `, ${result.skipped} duplicates skipped` : ''}.`,
      {
        kind: 'success',
      },
    );
    onClose();
  };

  const created = check ? Object.entries(check.created).filter(([, n]) => n > 0) : [];
  return (
    <form onSubmit={onCheck} className="stack" noValidate>
      <p className="muted small">
        A detailed report exported from Toggl Track or Clockify, or a CSV exported from TimeTracker. Nothing is written until you
        confirm; duplicates of entries you already have are skipped, rows that overlap other entries must be fixed first.
      </p>
      <div className="row">
        <Field label="CSV file">
          {(p) => (
            <input
              {...p}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setCheck(null);
              }}
            />
          )}
        </Field>
        <Field label="Format">
          {(p) => (
            <select
              {...p}
              value={format}
              onChange={(e) => {
                setFormat(e.target.value);
                setCheck(null);
              }}
            >
              <option value="">Detect from the header</option>
              {Object.entries(SOURCES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError message={error} />
      {check && (
        <section className="import-result" aria-live="polite" aria-label="Check result">
          <p>
            <strong>{SOURCES[check.source] ?? check.source}</strong> file with {check.rows} {check.rows === 1 ? 'row' : 'rows'}:{' '}
            <span data-testid="import-summary">
              {check.error_count > 0
                ? `${check.error_count} ${check.error_count === 1 ? 'row has' : 'rows have'} errors — nothing can be imported until they are fixed.`
                : `${check.imported} to import, ${check.skipped} already there.`}
            </span>
          </p>
          {created.length > 0 && (
            <p className="muted small">Will also create {created.map(([what, n]) => `${n} ${what}`).join(', ')}.</p>
          )}
          {check.errors.length > 0 && (
            <ul className="import-errors">
              {check.errors.map((e) => (
                <li key={`${e.row}-${e.message}`}>
                  Row {e.row}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="form-actions">
        <button type="submit" className={`btn ${check ? '' : 'btn-primary'}`} disabled={busy || !file}>
          {busy && !check ? 'Checking…' : 'Check file'}
        </button>
        {check && check.error_count === 0 && check.imported > 0 && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void onImport()}>
            Import {check.imported} {check.imported === 1 ? 'entry' : 'entries'}
          </button>
        )}
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
