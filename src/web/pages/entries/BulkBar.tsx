// Actions on the selected entries, each explicit: choose the action, then its value (a project, a tag), read what it
// will do (entries losing their task, a delete), then Apply. The selection stays afterwards, so a second action can
// follow; "Clear selection" ends it. The toast says what changed and offers Undo (see useEntryMutations).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeEntry } from '../../api/types.js';
import { parseTags } from '../../lib/tags.js';
import { MAX_BULK_IDS } from '../../../shared/bulk-limits.js';
import { useProjects, useTasks } from '../../state/data.js';
import { losingTask, type BulkChange } from './entry-cache.js';

type Action = '' | 'set_project' | 'billable' | 'not_billable' | 'add_tags' | 'remove_tags' | 'delete';

export function BulkBar({
  entries,
  busy,
  onRun,
  onClear,
}: {
  /** The selected entries. */
  entries: TimeEntry[];
  busy: boolean;
  onRun(change: BulkChange): void;
  onClear(): void;
}) {
  const { projects, byId: projectsById } = useProjects();
  const { byId: tasks } = useTasks();
  const { t } = useTranslation();
  const [action, setAction] = useState<Action>('');
  const [projectId, setProjectId] = useState('');
  const [tag, setTag] = useState('');
  const tags = parseTags(tag);
  const ids = entries.map((e) => e.id);
  const count = ids.length;
  // The server takes so many ids at once; more (a long list, all selected) would only be refused.
  const tooMany = count > MAX_BULK_IDS;
  const target = projectId ? Number(projectId) : null;
  const losing = target === null ? [] : losingTask(entries, target, { taskProject: (id) => tasks.get(id)?.project_id });

  const change = ((): BulkChange | null => {
    switch (action) {
      case 'set_project':
        return target === null ? null : { ids, action: 'set_project', value: target };
      case 'billable':
      case 'not_billable':
        return { ids, action: 'set_billable', value: action === 'billable' };
      case 'add_tags':
      case 'remove_tags':
        return tags.length === 0 ? null : { ids, action, value: tags };
      case 'delete':
        return { ids, action: 'delete' };
      default:
        return null;
    }
  })();

  return (
    <section className="bulk card" aria-label={t('bulk.label')}>
      <strong>{t('bulk.selected', { count })}</strong>
      {tooMany && <span role="alert">{t('bulk.tooMany', { max: MAX_BULK_IDS })}</span>}
      <label className="sr-only" htmlFor="bulk-action">
        {t('bulk.action')}
      </label>
      <select id="bulk-action" value={action} onChange={(e) => setAction(e.target.value as Action)}>
        <option value="">{t('bulk.chooseAction')}</option>
        <option value="set_project">{t('bulk.moveTo')}</option>
        <option value="billable">{t('bulk.markBillable')}</option>
        <option value="not_billable">{t('bulk.markNotBillable')}</option>
        <option value="add_tags">{t('bulk.addTag')}</option>
        <option value="remove_tags">{t('bulk.removeTag')}</option>
        <option value="delete">{t('common.delete')}</option>
      </select>
      {action === 'set_project' && (
        <>
          <label className="sr-only" htmlFor="bulk-project">
            {t('common.project')}
          </label>
          <select id="bulk-project" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <option value="">{t('bulk.moveToOption')}</option>
            {projects
              .filter((p) => p.status === 'active')
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </>
      )}
      {(action === 'add_tags' || action === 'remove_tags') && (
        <>
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
        </>
      )}
      <button
        type="button"
        className={`btn btn-small ${action === 'delete' ? 'btn-danger' : 'btn-primary'}`}
        disabled={busy || tooMany || change === null}
        onClick={() => change && onRun(change)}
      >
        {t('bulk.apply')}
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear}>
        {t('bulk.clear')}
      </button>
      {action === 'set_project' && target !== null && losing.length > 0 && (
        <p className="bulk-note" role="status">
          {t('bulk.taskCleared', { count: losing.length, project: projectsById.get(target)?.name ?? '' })}
        </p>
      )}
      {action === 'delete' && (
        <p className="bulk-note" role="status">
          {t('bulk.deleteNote', { count })}
        </p>
      )}
    </section>
  );
}
