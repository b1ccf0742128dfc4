// Project/task picker with search: an ARIA combobox over "Client · Project" and the project's open tasks.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { projectColor, useClients, useProjects, useTasks } from '../state/data.js';
import { useSession } from '../state/session.js';
import { ColorDot } from './ui.js';

export interface PickerValue {
  project_id: number | null;
  task_id: number | null;
}

interface Option {
  key: string;
  project_id: number;
  task_id: number | null;
  label: string;
  sub: string;
  color: string;
  haystack: string;
}

export function ProjectPicker({
  id,
  value,
  onChange,
  label,
  invalid,
  describedBy,
  includeTasks = true,
}: {
  id?: string;
  value: PickerValue;
  onChange: (value: PickerValue) => void;
  label?: string;
  invalid?: boolean;
  describedBy?: string;
  includeTasks?: boolean;
}) {
  const { projects, byId, loading } = useProjects();
  const { t } = useTranslation();
  const { isAdmin } = useSession();
  const { byId: clients } = useClients();
  const { tasks, byId: tasksById } = useTasks();
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const options = useMemo<Option[]>(() => {
    const out: Option[] = [];
    const visible = projects
      .filter((p) => p.status === 'active' || p.id === value.project_id)
      .sort((a, b) => {
        const ca = a.client_id ? (clients.get(a.client_id)?.name ?? '') : '';
        const cb = b.client_id ? (clients.get(b.client_id)?.name ?? '') : '';
        return ca.localeCompare(cb) || a.name.localeCompare(b.name);
      });
    for (const p of visible) {
      const client = p.client_id ? clients.get(p.client_id)?.name : undefined;
      const sub = client ?? t('common.noClient');
      out.push({
        key: `p${p.id}`,
        project_id: p.id,
        task_id: null,
        label: p.name,
        sub,
        color: projectColor(p),
        haystack: `${p.name} ${client ?? ''}`.toLowerCase(),
      });
      if (includeTasks) {
        for (const task of tasks) {
          if (task.project_id !== p.id || (task.status === 'done' && task.id !== value.task_id)) continue;
          out.push({
            key: `t${task.id}`,
            project_id: p.id,
            task_id: task.id,
            label: task.name,
            sub: t('picker.taskOf', { project: p.name }),
            color: projectColor(p),
            haystack: `${task.name} ${p.name} ${client ?? ''}`.toLowerCase(),
          });
        }
      }
    }
    return out;
  }, [projects, clients, tasks, includeTasks, value.project_id, value.task_id, t]);

  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const filtered = words.length ? options.filter((o) => words.every((w) => o.haystack.includes(w))) : options;
  const selectedProject = value.project_id ? byId.get(value.project_id) : undefined;
  const selectedTask = value.task_id ? tasksById.get(value.task_id) : undefined;
  const selectedLabel = selectedProject ? `${selectedProject.name}${selectedTask ? ` › ${selectedTask.name}` : ''}` : '';

  const choose = (o: Option | undefined) => {
    if (!o) return;
    onChange({ project_id: o.project_id, task_id: o.task_id });
    setQuery(null);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(filtered.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      if (open) {
        e.preventDefault();
        choose(filtered[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        setQuery(null);
      }
    }
  };

  const activeOption = open ? filtered[active] : undefined;
  return (
    <div className="picker">
      {selectedProject && query === null && <ColorDot color={projectColor(selectedProject)} />}
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        aria-label={id ? undefined : (label ?? t('common.project'))}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${activeOption.key}` : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder={loading && projects.length === 0 ? t('picker.loading') : t('picker.placeholder')}
        className={selectedProject && query === null ? 'has-dot' : ''}
        value={query ?? selectedLabel}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => {
          e.target.select();
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          window.setTimeout(() => {
            setOpen(false);
            setQuery(null);
          }, 150);
        }}
      />
      {open && (
        <ul id={listId} role="listbox" className="picker-list" aria-label={t('picker.suggestions')}>
          {filtered.length === 0 && (
            <li className="picker-empty" role="presentation">
              {projects.length === 0 ? (isAdmin ? t('picker.noProjectsAdmin') : t('picker.noProjectsUser')) : t('picker.noMatch')}
            </li>
          )}
          {filtered.slice(0, 100).map((o, i) => (
            <li
              key={o.key}
              id={`${listId}-${o.key}`}
              role="option"
              aria-selected={i === active}
              className={`picker-option ${o.task_id ? 'picker-task' : ''} ${i === active ? 'active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <ColorDot color={o.color} />
              <span className="picker-label">{o.label}</span>
              <span className="picker-sub">{o.sub}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Comma-separated tags in one text field (tags are case-insensitive names). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}
