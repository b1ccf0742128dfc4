// One day of the entries list: its heading, the server's total for the day (also when only some of its entries
// are loaded) and its rows.
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client, Project, Task } from '../../api/types.js';
import { formatDuration } from '../../lib/time.js';
import { useFmt } from '../../state/session.js';
import type { DayGroup as Day } from './day-groups.js';
import { EntryRow, type EntryRowProps } from './EntryRow.js';

export interface Lookups {
  projects: Map<number, Project>;
  tasks: Map<number, Task>;
  clients: Map<number, Client>;
}

type RowActions = Pick<EntryRowProps, 'onToggle' | 'onDelete' | 'onSave' | 'onDuplicate'>;

export const DayGroup = memo(function DayGroup({
  day,
  totalSeconds,
  selected,
  lookups,
  actions,
}: {
  day: Day;
  /** From the summary; undefined while it loads. */
  totalSeconds: number | undefined;
  selected: ReadonlySet<number>;
  lookups: Lookups;
  actions: RowActions;
}) {
  const fmt = useFmt();
  const { t } = useTranslation();
  const total = totalSeconds === undefined ? '' : formatDuration(totalSeconds);
  return (
    <section className="day card" aria-labelledby={`day-${day.key}`}>
      <header className="day-head">
        <h2 id={`day-${day.key}`}>{fmt.dayHeading(day.start)}</h2>
        <span className="day-total mono" aria-label={t('entries.dayTotal', { duration: total })}>
          {total}
        </span>
      </header>
      <ul className="entries">
        {day.entries.map((e) => {
          const project = lookups.projects.get(e.project_id);
          const clientId = e.client_id ?? project?.client_id;
          return (
            <EntryRow
              key={e.id}
              entry={e}
              project={project}
              task={e.task_id ? lookups.tasks.get(e.task_id) : undefined}
              client={clientId ? lookups.clients.get(clientId) : undefined}
              selected={selected.has(e.id)}
              {...actions}
            />
          );
        })}
      </ul>
    </section>
  );
});
