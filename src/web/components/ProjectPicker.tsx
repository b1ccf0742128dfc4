// Project/task picker: a react-aria ComboBox over the active projects, grouped by client, each followed by its open
// tasks; the user's pinned (favourite) projects come first in a group of their own. Typing filters (every word must
// match the task, project or client name) and focuses the first match, so Enter picks it; arrows move, Escape
// closes; the list and its groups are announced to screen readers. The star beside the input pins or unpins the
// chosen project (stored in the user's preferences); emptying the input and leaving it clears the choice.
import { useCallback, useContext, useEffect, useMemo, useRef, useState, type Key } from 'react';
import {
  Collection,
  ComboBox,
  ComboBoxStateContext,
  Header,
  I18nProvider,
  Input,
  ListBox,
  ListBoxItem,
  ListBoxSection,
  Popover,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { projectColor, useClients, useProjects, useTasks } from '../state/data.js';
import { useSession } from '../state/session.js';
import { toastError } from './toasts.js';
import { ColorDot } from './ui.js';

export interface PickerValue {
  project_id: number | null;
  task_id: number | null;
}

interface Option {
  key: string;
  project_id: number;
  task_id: number | null;
  /** What the input shows once it is chosen: "Project" or "Project › Task". */
  text: string;
  label: string;
  sub: string | null;
  color: string;
  haystack: string;
}

interface Group {
  key: string;
  name: string;
  options: Option[];
}

/** At most this many options are offered at once; typing narrows them down. */
const MAX_OPTIONS = 100;

function keyOf(value: PickerValue): string | null {
  if (value.task_id) return `t${value.task_id}`;
  return value.project_id ? `p${value.project_id}` : null;
}

/**
 * Active projects (and the chosen one, even archived) by client name, then name; tasks not done (or chosen). Pinned
 * projects are listed once, in the "Pinned" group first, in the order they were pinned.
 */
function useGroups(
  value: PickerValue,
  includeTasks: boolean,
  pinned: readonly number[],
): { groups: Group[]; options: Map<string, Option> } {
  const { t } = useTranslation();
  const { projects } = useProjects();
  const { byId: clients } = useClients();
  const { tasks } = useTasks();
  return useMemo(() => {
    const groups = new Map<string, Group>();
    const options = new Map<string, Option>();
    const clientName = (id: number | null) => (id ? (clients.get(id)?.name ?? '') : '');
    const pinOrder = new Map(pinned.map((id, i) => [id, i]));
    const pinnedFirst = (id: number) => pinOrder.get(id) ?? Number.MAX_SAFE_INTEGER;
    const visible = projects
      .filter((p) => p.status === 'active' || p.id === value.project_id)
      .sort(
        (a, b) =>
          pinnedFirst(a.id) - pinnedFirst(b.id) ||
          clientName(a.client_id).localeCompare(clientName(b.client_id)) ||
          a.name.localeCompare(b.name),
      );
    for (const p of visible) {
      const client = clientName(p.client_id);
      const isPinned = pinOrder.has(p.id);
      const groupKey = isPinned ? 'pinned' : `c${p.client_id ?? 0}`;
      let group = groups.get(groupKey);
      const groupName = isPinned ? t('picker.pinned') : client || t('common.noClient');
      if (!group) groups.set(groupKey, (group = { key: groupKey, name: groupName, options: [] }));
      const add = (o: Option) => {
        group.options.push(o);
        options.set(o.key, o);
      };
      const color = projectColor(p);
      add({
        key: `p${p.id}`,
        project_id: p.id,
        task_id: null,
        text: p.name,
        label: p.name,
        sub: isPinned && client ? client : null,
        color,
        haystack: `${p.name} ${client}`,
      });
      if (!includeTasks) continue;
      for (const task of tasks) {
        if (task.project_id !== p.id || (task.status === 'done' && task.id !== value.task_id)) continue;
        add({
          key: `t${task.id}`,
          project_id: p.id,
          task_id: task.id,
          text: `${p.name} › ${task.name}`,
          label: task.name,
          sub: t('picker.taskOf', { project: p.name }),
          color,
          haystack: `${task.name} ${p.name} ${client}`,
        });
      }
    }
    for (const o of options.values()) o.haystack = o.haystack.toLowerCase();
    return { groups: [...groups.values()], options };
  }, [projects, clients, tasks, includeTasks, value.project_id, value.task_id, pinned, t]);
}

/** The groups with only the options matching every word of `query`, at most MAX_OPTIONS in all. */
function filterGroups(groups: Group[], query: string | null): Group[] {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  let left = MAX_OPTIONS;
  const out: Group[] = [];
  for (const group of groups) {
    const options = group.options.filter((o) => words.every((w) => o.haystack.includes(w))).slice(0, left);
    left -= options.length;
    if (options.length > 0) out.push({ ...group, options });
  }
  return out;
}

/**
 * While the user types, the first match has the focus, so Enter picks it (as the picker always did). It runs after
 * every render: the ComboBox clears the focus whenever the text changes, one render later than this would see it.
 */
function FocusFirstMatch({ typing }: { typing: boolean }) {
  const state = useContext(ComboBoxStateContext);
  useEffect(() => {
    if (!state?.isOpen || !typing || state.selectionManager.focusedKey != null) return;
    for (const node of state.collection) {
      const items = node.type === 'section' ? [...(state.collection.getChildren?.(node.key) ?? [])] : [node];
      const first = items.find((n) => n.type === 'item');
      if (first) return state.selectionManager.setFocusedKey(first.key);
    }
  });
  return null;
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
  /** The input's id; its visible label (outside the picker) is `<label htmlFor={id} id={`${id}-label`}>`. */
  id?: string;
  value: PickerValue;
  onChange: (value: PickerValue) => void;
  label?: string;
  invalid?: boolean;
  describedBy?: string;
  includeTasks?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { isAdmin, fmt, updatePreferences } = useSession();
  const { projects, byId, loading } = useProjects();
  const pinned = fmt.prefs.pinned_project_ids;
  const { groups, options } = useGroups(value, includeTasks, pinned);
  /** What the user typed; null while the input shows the chosen project (then every option is offered). */
  const [query, setQuery] = useState<string | null>(null);
  const selectedKey = keyOf(value);
  const selected = selectedKey ? options.get(selectedKey) : undefined;
  const selectedProject = value.project_id ? byId.get(value.project_id) : undefined;
  const selectedText = selected?.text ?? selectedProject?.name ?? '';
  /** The text of an option just chosen: the ComboBox echoes it as input, which is not typing. */
  const chosenText = useRef<string | null>(null);
  const visible = useMemo(() => filterGroups(groups, query), [groups, query]);
  // Inside a modal <dialog> (the new-entry dialog) only the dialog's top layer is visible and clickable, so the
  // list opens inside it rather than at the end of <body>.
  const [portal, setPortal] = useState<Element | undefined>(undefined);
  const findPortal = useCallback((el: HTMLDivElement | null) => setPortal(el?.closest('dialog') ?? undefined), []);

  const choose = (key: Key | null) => {
    const option = key === null ? undefined : options.get(String(key));
    setQuery(null);
    if (!option) return;
    chosenText.current = option.text;
    if (option.key !== selectedKey) onChange({ project_id: option.project_id, task_id: option.task_id });
  };

  const showDot = selectedProject && query === null;
  const isPinned = value.project_id !== null && pinned.includes(value.project_id);
  const togglePin = () => {
    if (value.project_id === null) return;
    const id = value.project_id;
    // Only ids of projects the user still sees are sent back (the server refuses ids of deleted projects).
    const kept = pinned.filter((p) => p !== id && byId.has(p));
    updatePreferences({ pinned_project_ids: isPinned ? kept : [...kept, id] }).catch(toastError);
  };
  // react-aria's own words (what it announces to screen readers) in the UI's language, not the browser's.
  return (
    <I18nProvider locale={i18n.language}>
      <ComboBox
        ref={findPortal}
        className="picker"
        aria-label={id ? undefined : (label ?? t('common.project'))}
        aria-labelledby={id ? `${id}-label` : undefined}
        items={visible}
        selectedKey={selectedKey}
        onSelectionChange={choose}
        inputValue={query ?? selectedText}
        onInputChange={(text) => {
          if (text === chosenText.current || text === selectedText) setQuery(null);
          else setQuery(text);
          chosenText.current = null;
        }}
        menuTrigger="focus"
        allowsEmptyCollection
        isInvalid={invalid}
      >
        {showDot && <ColorDot color={projectColor(selectedProject)} />}
        <Input
          id={id}
          aria-describedby={describedBy}
          placeholder={loading && projects.length === 0 ? t('picker.loading') : t('picker.placeholder')}
          className={showDot ? 'has-dot' : ''}
          onFocus={(e) => {
            // Typing replaces the chosen project's name; focus that comes back while typing keeps the text.
            if (query === null) e.target.select();
          }}
          onBlur={(e) => {
            // Moving through the list blurs the input virtually (towards an option): that is not leaving the field.
            if (e.relatedTarget instanceof Element && e.relatedTarget.closest('.picker-popover')) return;
            // An emptied field means no project (not the one chosen before).
            if (query !== null && query.trim() === '' && value.project_id !== null) {
              onChange({ project_id: null, task_id: null });
            }
            setQuery(null);
          }}
        />
        {selectedProject && query === null && (
          <button
            type="button"
            className={`picker-pin btn-icon ${isPinned ? 'is-pinned' : ''}`}
            aria-pressed={isPinned}
            aria-label={t(isPinned ? 'picker.unpin' : 'picker.pin', { project: selectedProject.name })}
            title={t(isPinned ? 'picker.unpin' : 'picker.pin', { project: selectedProject.name })}
            onClick={togglePin}
          >
            <span aria-hidden="true">{isPinned ? '★' : '☆'}</span>
          </button>
        )}
        <FocusFirstMatch typing={query !== null && query !== ''} />
        <Popover className="picker-popover" placement="bottom start" offset={4} UNSTABLE_portalContainer={portal}>
          <ListBox<Group>
            className="picker-list"
            aria-label={t('picker.suggestions')}
            renderEmptyState={() => (
              <div className="picker-empty">
                {projects.length === 0
                  ? isAdmin
                    ? t('picker.noProjectsAdmin')
                    : t('picker.noProjectsUser')
                  : t('picker.noMatch')}
              </div>
            )}
          >
            {(group) => (
              <ListBoxSection id={group.key} className="picker-group">
                <Header className="picker-group-name">{group.name}</Header>
                <Collection items={group.options}>
                  {(o) => (
                    <ListBoxItem id={o.key} textValue={o.text} className={`picker-option ${o.task_id ? 'picker-task' : ''}`}>
                      <ColorDot color={o.color} />
                      <span className="picker-label">{o.label}</span>
                      {o.sub && <span className="picker-sub">{o.sub}</span>}
                    </ListBoxItem>
                  )}
                </Collection>
              </ListBoxSection>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </I18nProvider>
  );
}
