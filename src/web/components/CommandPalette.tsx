// Ctrl/Cmd+K: jump to any page, start a timer on a project, stop the timer, switch the theme.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router.js';
import { PALETTE_KEYS } from '../lib/platform.js';
import { projectColor, useClients, useProjects } from '../state/data.js';
import { useSession } from '../state/session.js';
import { EMPTY_DRAFT, useTimer } from '../state/timer.js';
import { toastError } from './toasts.js';
import { ColorDot, Dialog } from './ui.js';
import { NAV_ITEMS, openNewEntry } from './nav.js';

interface Command {
  id: string;
  label: string;
  hint: string;
  color?: string;
  run: () => void | Promise<unknown>;
}

export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} title={t('palette.title')} onClose={onClose}>
      {open && <PaletteBody onClose={onClose} />}
    </Dialog>
  );
}

function PaletteBody({ onClose }: { onClose: () => void }) {
  const { isAdmin, prefs, updatePreferences } = useSession();
  const { projects } = useProjects();
  const { byId: clients } = useClients();
  const timer = useTimer();
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();

  const commands = useMemo<Command[]>(() => {
    const list: Command[] = [];
    if (timer.timer)
      list.push({ id: 'stop', label: t('palette.stopTimer'), hint: t('palette.hintTimer'), run: () => timer.stop() });
    list.push({ id: 'new', label: t('palette.newEntry'), hint: t('palette.hintAction'), run: openNewEntry });
    for (const item of NAV_ITEMS) {
      if (item.admin && !isAdmin) continue;
      list.push({
        id: `go-${item.to}`,
        label: t('palette.goTo', { page: t(item.label) }),
        hint: t('palette.hintPage'),
        run: () => navigate(item.to),
      });
    }
    for (const p of projects) {
      if (p.status !== 'active') continue;
      const client = p.client_id ? clients.get(p.client_id)?.name : undefined;
      list.push({
        id: `start-${p.id}`,
        label: t('palette.startOn', { project: p.name }),
        hint: client ?? t('palette.hintProject'),
        color: projectColor(p),
        run: async () => {
          if (timer.timer) await timer.stop();
          await timer.start({ ...EMPTY_DRAFT, project_id: p.id, billable: p.billable });
        },
      });
    }
    const nextTheme = prefs.theme === 'dark' ? 'light' : 'dark';
    list.push({
      id: 'theme',
      label: nextTheme === 'dark' ? t('palette.themeDark') : t('palette.themeLight'),
      hint: t('palette.hintPreference'),
      run: () => updatePreferences({ theme: nextTheme }),
    });
    return list;
  }, [timer, isAdmin, projects, clients, prefs.theme, updatePreferences, t]);

  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const filtered = commands.filter((c) => words.every((w) => `${c.label} ${c.hint}`.toLowerCase().includes(w))).slice(0, 50);

  const run = (c: Command | undefined) => {
    if (!c) return;
    onClose();
    Promise.resolve(c.run()).catch(toastError);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(filtered.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(filtered[active]);
    }
  };

  const activeCmd = filtered[active];
  return (
    <div className="palette">
      <input
        type="text"
        role="combobox"
        aria-label={t('palette.input')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={activeCmd ? `${listId}-${activeCmd.id}` : undefined}
        placeholder={t('palette.placeholder')}
        autoFocus
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t('palette.commands')} className="palette-list">
        {filtered.length === 0 && <li className="muted palette-empty">{t('palette.nothing', { query })}</li>}
        {filtered.map((c, i) => (
          <li
            key={c.id}
            id={`${listId}-${c.id}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : ''}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(c)}
          >
            {c.color && <ColorDot color={c.color} />}
            <span>{c.label}</span>
            <span className="muted palette-hint">{c.hint}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['s', t('shortcuts.toggleTimer')],
    ['n', t('shortcuts.newEntry')],
    ['/', t('shortcuts.search')],
    [PALETTE_KEYS, t('shortcuts.palette')],
    ['?', t('shortcuts.help')],
    [t('shortcuts.escKey'), t('shortcuts.escape')],
  ];
  return (
    <Dialog open={open} title={t('shortcuts.title')} onClose={onClose}>
      <p className="muted">{t('shortcuts.intro')}</p>
      <dl className="shortcuts">
        {rows.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
