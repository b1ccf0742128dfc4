// The running timer, shared by the dashboard, the header, the `s` shortcut, the command palette and the tab
// title. The context changes only when the timer does; the ticking elapsed time comes from useElapsed(), which
// counts on from the server's elapsed_seconds (no dependence on clock skew) and re-renders only its caller.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError } from '../api/client.js';
import type { TimeEntry, Timer } from '../api/types.js';
import { useNow } from '../lib/clock.js';
import { useLiveEvent } from '../lib/live.js';
import { invalidate, updateResources } from '../lib/resource.js';
import { navigate } from '../lib/router.js';
import { formatClock } from '../lib/time.js';
import { useCurrentPageTitle } from '../lib/title.js';
import { toast, toastError } from '../components/toasts.js';
import { i18n } from '../i18n/index.js';
import { useProjects } from './data.js';

export interface TimerDraft {
  project_id: number | null;
  task_id: number | null;
  notes: string;
  tags: string[];
  billable: boolean;
}

export const EMPTY_DRAFT: TimerDraft = { project_id: null, task_id: null, notes: '', tags: [], billable: true };

interface TimerValue {
  timer: Timer | null;
  /** Date.now() when `timer` arrived: its elapsed_seconds were true then. */
  receivedAt: number;
  loaded: boolean;
  busy: boolean;
  draft: TimerDraft;
  setDraft(update: (d: TimerDraft) => TimerDraft): void;
  start(draft: TimerDraft): Promise<boolean>;
  stop(): Promise<TimeEntry | null>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** `s`: stop when running, otherwise start with the draft or the last entry's project. */
  toggle(): Promise<void>;
  refresh(): Promise<void>;
}

const TimerContext = createContext<TimerValue | null>(null);

export function useTimer(): TimerValue {
  const value = useContext(TimerContext);
  if (!value) throw new Error('useTimer outside TimerProvider');
  return value;
}

/** Seconds the timer has run (breaks excluded), ticking every second while it runs; 0 when none runs. */
export function useElapsed(): number {
  const { timer, receivedAt } = useTimer();
  const now = useNow(timer !== null && !timer.paused);
  if (!timer) return 0;
  if (timer.paused) return timer.elapsed_seconds;
  return timer.elapsed_seconds + Math.floor(Math.max(0, now - receivedAt) / 1000);
}

export function draftFromEntry(e: Pick<TimeEntry, 'project_id' | 'task_id' | 'notes' | 'tags' | 'billable'>): TimerDraft {
  return { project_id: e.project_id, task_id: e.task_id, notes: e.notes ?? '', tags: [...e.tags], billable: e.billable };
}

export function TimerProvider({ children }: { children: ReactNode }) {
  const [{ timer, receivedAt }, setCurrent] = useState<{ timer: Timer | null; receivedAt: number }>({
    timer: null,
    receivedAt: 0,
  });
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [draft, setDraftState] = useState<TimerDraft>(EMPTY_DRAFT);
  const { byId: projects } = useProjects();

  const accept = useCallback((t: Timer | null) => setCurrent({ timer: t, receivedAt: Date.now() }), []);

  const refresh = useCallback(async () => {
    try {
      const answer = await api.get('/timer');
      accept(answer.timer);
    } catch (error) {
      if ((error as ApiError).status !== 401) toastError(error);
    } finally {
      setLoaded(true);
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
    // Another tab or device may start or stop the timer: check again when this tab becomes visible.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refresh]);

  // Live changes from other tabs, devices and API clients (server-sent events): the timer and entry lists
  // follow without a reload. The event's timer lacks notes and tags, so GET /timer fetches the whole of it.
  const entriesChanged = () => invalidate('entries', 'dash', 'report');
  useLiveEvent('timer.changed', () => void refresh());
  useLiveEvent('time_entry.changed', entriesChanged);
  useLiveEvent('time_entry.deleted', entriesChanged);
  useLiveEvent('resync', () => {
    entriesChanged();
    void refresh();
  });

  const setDraft = useCallback((update: (d: TimerDraft) => TimerDraft) => setDraftState(update), []);

  const start = useCallback(
    async (d: TimerDraft) => {
      if (!d.project_id) {
        toast(i18n.t('timer.chooseProject'), { kind: 'error' });
        return false;
      }
      setBusy(true);
      try {
        const answer = await api.post('/timer/start', {
          body: {
            project_id: d.project_id,
            ...(d.task_id ? { task_id: d.task_id } : {}),
            notes: d.notes.trim() || null,
            tags: d.tags,
            billable: d.billable,
          },
        });
        accept(answer.timer);
        setDraftState(d);
        return true;
      } catch (error) {
        if ((error as ApiError).code === 'timer_already_running') await refresh();
        toastError(error);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [accept, refresh],
  );

  const stop = useCallback(async () => {
    setBusy(true);
    try {
      const answer = await api.post('/timer/stop', { body: {} });
      // Show the new entry in the dashboard totals at once (no dip to the old total while they reload).
      updateResources<TimeEntry[]>('dash:entries:', (list) => [
        answer.time_entry,
        ...list.filter((e) => e.id !== answer.time_entry.id),
      ]);
      accept(null);
      invalidate('entries', 'dash', 'report');
      toast(i18n.t('timer.stopped', { time: formatClock(answer.time_entry.duration_seconds ?? 0) }), { kind: 'success' });
      return answer.time_entry;
    } catch (error) {
      if ((error as ApiError).code === 'no_running_timer') accept(null);
      toastError(error);
      return null;
    } finally {
      setBusy(false);
    }
  }, [accept]);

  /** Pause or resume; on failure the server's state wins. */
  const switchPause = useCallback(
    async (action: 'pause' | 'resume') => {
      setBusy(true);
      try {
        accept((action === 'pause' ? await api.post('/timer/pause') : await api.post('/timer/resume')).timer);
      } catch (error) {
        toastError(error);
        await refresh();
      } finally {
        setBusy(false);
      }
    },
    [accept, refresh],
  );
  const pause = useCallback(() => switchPause('pause'), [switchPause]);
  const resume = useCallback(() => switchPause('resume'), [switchPause]);

  const toggle = useCallback(async () => {
    if (busy) return;
    if (timer) {
      await stop();
      return;
    }
    if (draft.project_id) {
      await start(draft);
      return;
    }
    try {
      const last = await api.get('/time-entries', { params: { query: { limit: 1 } } });
      const entry = last.items[0];
      const project = entry ? projects.get(entry.project_id) : undefined;
      if (entry && project?.status !== 'archived') {
        await start(draftFromEntry(entry));
        return;
      }
    } catch (error) {
      toastError(error);
      return;
    }
    navigate('/');
    toast(i18n.t('timer.chooseThenS'));
    window.setTimeout(() => document.getElementById('timer-project')?.focus(), 50);
  }, [busy, timer, draft, stop, start, projects]);

  const value = useMemo<TimerValue>(
    () => ({ timer, receivedAt, loaded, busy, draft, setDraft, start, stop, pause, resume, toggle, refresh }),
    [timer, receivedAt, loaded, busy, draft, setDraft, start, stop, pause, resume, toggle, refresh],
  );
  return (
    <TimerContext.Provider value={value}>
      <TabTitle />
      {children}
    </TimerContext.Provider>
  );
}

/** Tab title: the running time first, so it is visible in a crowded tab bar. Ticks alone, renders nothing. */
function TabTitle() {
  const { timer } = useTimer();
  const elapsed = useElapsed();
  const { byId: projects } = useProjects();
  const pageTitle = useCurrentPageTitle();
  const project = timer ? projects.get(timer.project_id) : undefined;
  const title = timer
    ? `${timer.paused ? '⏸' : '▶'} ${formatClock(elapsed)}${project ? ` · ${project.name}` : ''} — TimeTracker`
    : `${pageTitle ? `${pageTitle} — ` : ''}TimeTracker`;
  useEffect(() => {
    document.title = title;
  }, [title]);
  return null;
}
