// Import time entries from a CSV file (Toggl, Clockify or this app's own export): check first (dry run), then
// import; the real run is all-or-nothing on the server, duplicates are skipped, overlapping rows are row errors.
// The check shows the first rows as they will be stored, so a wrong time zone or date order shows before anything
// is written; afterwards "Show imported entries" opens the entries page on the imported period.
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { ImportResult } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { navigate } from '../lib/router.js';
import { toEpoch } from '../lib/time.js';
import { useFmt } from '../state/session.js';
import { ImportPreview } from './ImportPreview.js';
import { toast } from './toasts.js';
import { Dialog, Field, FormError } from './ui.js';

/** Canonical IANA names (no legacy aliases), as the API accepts them. */
const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
const DATE_ORDERS = { mdy: 'import.mdy', dmy: 'import.dmy' } as const;

// Product names: the same in every language.
const SOURCES: Record<string, string> = { toggl: 'Toggl Track', clockify: 'Clockify', csv: 'TimeTracker CSV' };

export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('import.title')} onClose={onClose} wide>
      {open && <ImportForm onClose={onClose} />}
    </Dialog>
  );
}

function ImportForm({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const fmt = useFmt();
  const [timeZone, setTimeZone] = useState(fmt.tz);
  const [dateOrder, setDateOrder] = useState('');
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();
  const queryClient = useQueryClient();

  const send = async (dryRun: boolean) => {
    if (!file) {
      setError(t('import.chooseFile'));
      return null;
    }
    const form = new FormData();
    form.append('dry_run', String(dryRun));
    if (format) form.append('format', format);
    form.append('timezone', timeZone);
    if (dateOrder) form.append('date_order', dateOrder);
    form.append('file', file);
    setBusy(true);
    setError(null);
    try {
      return await api.upload('/imports/time-entries', form);
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
    // An import can add entries, clients, projects and tasks: everything the user sees may have changed.
    void queryClient.invalidateQueries();
    const period = result.period;
    toast(
      result.skipped
        ? t('import.importedSkipped', { count: result.imported, skipped: result.skipped })
        : t('import.imported', { count: result.imported }),
      {
        kind: 'success',
        action: period
          ? {
              label: t('import.showImported'),
              // The end is exclusive: the last entry's end may be midnight of the next day.
              run: () =>
                navigate(
                  `/entries?range=custom&from=${fmt.dayKey(toEpoch(period.from))}&to=${fmt.dayKey(toEpoch(period.to) - 1)}`,
                ),
            }
          : undefined,
      },
    );
    onClose();
  };

  const created = check
    ? (['clients', 'projects', 'tasks'] as const)
        .filter((what) => check.created[what] > 0)
        .map((what) =>
          what === 'clients'
            ? t('import.clients', { count: check.created[what] })
            : what === 'projects'
              ? t('import.projects', { count: check.created[what] })
              : t('import.tasks', { count: check.created[what] }),
        )
    : [];
  return (
    <form onSubmit={onCheck} className="stack" noValidate>
      <p className="muted small">{t('import.intro')}</p>
      <div className="row">
        <Field label={t('import.file')}>
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
        <Field label={t('import.format')}>
          {(p) => (
            <select
              {...p}
              value={format}
              onChange={(e) => {
                setFormat(e.target.value);
                setCheck(null);
              }}
            >
              <option value="">{t('import.detect')}</option>
              {Object.entries(SOURCES).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field label={t('import.timeZone')} hint={t('import.timeZoneHint')}>
          {(p) => (
            <select
              {...p}
              value={timeZone}
              onChange={(e) => {
                setTimeZone(e.target.value);
                setCheck(null);
              }}
            >
              {(TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES]).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('import.dateOrder')}>
          {(p) => (
            <select
              {...p}
              value={dateOrder}
              onChange={(e) => {
                setDateOrder(e.target.value);
                setCheck(null);
              }}
            >
              <option value="">{t('import.detect')}</option>
              {Object.entries(DATE_ORDERS).map(([value, key]) => (
                <option key={value} value={value}>
                  {t(key)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <FormError message={error} />
      {check && (
        <section className="import-result" aria-live="polite" aria-label={t('import.checkResult')}>
          <p>
            <Trans
              i18nKey="import.fileWith"
              count={check.rows}
              values={{ source: SOURCES[check.source] ?? check.source }}
              components={{ b: <strong /> }}
            />{' '}
            <span data-testid="import-summary">
              {check.error_count > 0
                ? t('import.rowErrors', { count: check.error_count })
                : t('import.toImport', { imported: check.imported, skipped: check.skipped })}
            </span>
          </p>
          {created.length > 0 && (
            <p className="muted small">
              {t('import.willCreate', {
                list: new Intl.ListFormat(currentLanguage(), { type: 'conjunction' }).format(created),
              })}
            </p>
          )}
          <ImportPreview rows={check.preview} total={check.imported} />
          {check.errors.length > 0 && (
            <ul className="import-errors">
              {check.errors.map((e) => (
                <li key={`${e.row}-${e.message}`}>{t('import.row', { row: String(e.row), message: e.message })}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="form-actions">
        <button type="submit" className={`btn ${check ? '' : 'btn-primary'}`} disabled={busy || !file}>
          {busy && !check ? t('import.checking') : t('import.check')}
        </button>
        {check && check.error_count === 0 && check.imported > 0 && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void onImport()}>
            {t('import.importN', { count: check.imported })}
          </button>
        )}
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
