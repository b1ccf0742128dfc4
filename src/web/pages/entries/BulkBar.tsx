// Actions on the selected entries: billable or not, move to a project, add or remove a tag, delete. The change
// shows at once; the toast says how many entries it changed and offers Undo (see useEntryMutations).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTags } from '../../lib/tags.js';
import { MAX_BULK_IDS } from '../../../shared/bulk-limits.js';
import { useProjects } from '../../state/data.js';
import type { BulkChange } from './entry-cache.js';

export function BulkBar({
  ids,
  busy,
  onRun,
  onClear,
}: {
  ids: number[];
  busy: boolean;
  onRun(change: BulkChange): void;
  onClear(): void;
}) {
  const { projects } = useProjects();
  const { t } = useTranslation();
  const [tag, setTag] = useState('');
  const tags = parseTags(tag);
  // The server takes so many ids at once; more (a long list, all selected) would only be refused.
  const tooMany = ids.length > MAX_BULK_IDS;
  const disabled = busy || tooMany;
  const run = (change: BulkChange) => {
    onRun(change);
    onClear();
  };
  return (
    <section className="bulk card" aria-label={t('bulk.label')}>
      <strong>{t('bulk.selected', { count: ids.length })}</strong>
      {tooMany && <span role="alert">{t('bulk.tooMany', { max: MAX_BULK_IDS })}</span>}
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() => run({ ids, action: 'set_billable', value: true })}
      >
        {t('bulk.markBillable')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() => run({ ids, action: 'set_billable', value: false })}
      >
        {t('bulk.markNotBillable')}
      </button>
      <label className="sr-only" htmlFor="bulk-project">
        {t('bulk.moveTo')}
      </label>
      <select
        id="bulk-project"
        disabled={disabled}
        value=""
        onChange={(e) => {
          if (e.target.value) run({ ids, action: 'set_project', value: Number(e.target.value) });
        }}
      >
        <option value="">{t('bulk.moveToOption')}</option>
        {projects
          .filter((p) => p.status === 'active')
          .map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
      </select>
      <label className="sr-only" htmlFor="bulk-tag">
        {t('common.tag')}
      </label>
      <input
        id="bulk-tag"
        value={tag}
        onChange={(e) => setTag(e.target.value)}
        placeholder={t('bulk.tagPlaceholder')}
        className="input-small"
      />
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled || tags.length === 0}
        onClick={() => run({ ids, action: 'add_tags', value: tags })}
      >
        {t('bulk.addTag')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled || tags.length === 0}
        onClick={() => run({ ids, action: 'remove_tags', value: tags })}
      >
        {t('bulk.removeTag')}
      </button>
      <button
        type="button"
        className="btn btn-small btn-danger"
        disabled={disabled}
        onClick={() => run({ ids, action: 'delete' })}
      >
        {t('common.delete')}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        {t('bulk.clear')}
      </button>
    </section>
  );
}
