// The running timer, shared by the dashboard, the header, the `s` shortcut, the command palette and the tab
// title. The context changes only when the timer does; the ticking elapsed time comes from useElapsed(), which
// counts on from the server's elapsed_seconds (no dependence on clock skew) and re-renders only its caller.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, type ApiError } from '../api/client.js';
import { entriesChanged, keys, queries } from '../api/queries.js';
import type { TimeEntry, Timer } from '../api/types.js';
import { useNow } from '../lib/clock.js';
import { navigate } from '../lib/router.js';
import { formatClock } from '../lib/time.js';
import { useCurrentPageTitle } from '../lib/title.js';
import { ShortStopDialog } from '../components/ShortStopDialog.js';
import { toast, toastError } from '../components/toasts.js';
import { i18n } from '../i18n/index.js';
import { useProjects } from './data.js';
import { useSession } from './session.js';
import { optimisticTimer, pausedTimer, runTimerAction, type TimerAction } from './timer-actions.js';
import { isShortStop, patchedTimer, type TimerPatch } from './timer-edit.js';

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
  /** Corrects the running timer (PATCH /timer); rejects with the server's error, which the editor shows. */
  edit(patch: TimerPatch): Promise<void>;
  /** Discards the running timer; the toast offers Undo. */
  discard(): Promise<void>;
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

type TimerAnswer = { timer: Timer | null };

export function TimerProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const query = useQuery(queries.timer());
  const timer = query.data?.timer ?? null;
  // When the cached timer was written (by the server's answer or an optimistic update): its elapsed_seconds were
  // true then, and useElapsed counts on from there.
  const receivedAt = query.dataUpdatedAt;
  const [draft, setDraftState] = useState<TimerDraft>(EMPTY_DRAFT);
  const { byId: projects } = useProjects();
  const { prefs } = useSession();
  /** A stop shorter than the minimum to keep, waiting for the answer to "keep it?". */
  const [shortStop, setShortStop] = useState<TimeEntry | null>(null);

  // Every change of the timer shows at once and rolls back when the server says no; the server's answer wins.
  const change = useMutation({
    mutationFn: (action: TimerAction) => runTimerAction(action),
    onMutate: async (action) => {
      await client.cancelQueries({ queryKey: keys.timer });
      const before = client.getQueryData<TimerAnswer>(keys.timer);
      const at = client.getQueryState(keys.timer)?.dataUpdatedAt ?? Date.now();
      const now = Date.now();
      const current = before?.timer ?? null;
      let next: Timer | null = current;
      if (action.type === 'start') next = optimisticTimer(action.draft, now);
      else if (action.type === 'stop') next = null;
      else if (current && action.type === 'pause') next = pausedTimer(current, at, now);
      else if (current && action.type === 'resume') next = { ...current, paused: false, paused_at: null };
      else if (current && action.type === 'edit') next = patchedTimer(current, action.patch, at, now);
      else if (action.type === 'discard') next = null;
      client.setQueryData<TimerAnswer>(keys.timer, { timer: next });
      return { before };
    },
    onError: (error, action, context) => {
      client.setQueryData(keys.timer, context?.before ?? { timer: null });
      const code = (error as ApiError).code;
      // The server knows better (another tab started or stopped it): take its state.
      if (code === 'timer_already_running' || code === 'no_running_timer') void client.invalidateQueries({ queryKey: keys.timer });
      // An edit's refusal is shown beside the field it concerns (the editor has the error), not in a toast.
      if (action.type !== 'edit') toastError(error);
    },
    onSuccess: (answer, action, context) => {
      client.setQueryData<TimerAnswer>(keys.timer, { timer: answer.timer });
      // The entries page lists the running timer at its top, as its filters have it.
      if (action.type === 'start' || action.type === 'edit') void client.invalidateQueries({ queryKey: keys.entryLists });
      const discarded = context?.before?.timer;
      if (action.type === 'discard' && discarded) {
        void entriesChanged(client);
        toast(i18n.t('timerEdit.discarded'), {
          action: { label: i18n.t('common.undo'), run: () => void restore(discarded.id) },
        });
      }
      if (answer.stopped && isShortStop(answer.stopped, prefs.min_timer_seconds)) {
        // Kept unrounded by the server; whether it stays is the user's call.
        void entriesChanged(client);
        setShortStop(answer.stopped);
      } else if (answer.stopped) {
        // The new entry counts in the dashboard's totals at once (no dip to the old total while they reload).
        client.setQueriesData<TimeEntry[]>({ queryKey: ['entries', 'range'] }, (list) =>
          list ? [answer.stopped as TimeEntry, ...list.filter((e) => e.id !== answer.stopped?.id)] : list,
        );
        void entriesChanged(client);
        toast(i18n.t('timer.stopped', { time: formatClock(answer.stopped.duration_seconds ?? 0) }), { kind: 'success' });
      }
    },
  });
  const busy = change.isPending;
  const run = change.mutateAsync;

  /** Undo: the same entry comes back (a discarded timer running, a short stop not kept as the entry it was). */
  const restore = useCallback(
    async (id: number) => {
      try {
        await api.post('/time-entries/restore', { body: { ids: [id] } });
        toast(i18n.t('entries.restored'), { kind: 'success' });
      } catch (error) {
        toastError(error);
      }
      void client.invalidateQueries({ queryKey: keys.timer });
      void entriesChanged(client);
    },
    [client],
  );
  const dropShortStop = useCallback(
    async (entry: TimeEntry) => {
      setShortStop(null);
      try {
        await api.delete('/time-entries/{id}', { params: { path: { id: entry.id } } });
        toast(i18n.t('timerEdit.shortDiscarded'), {
          action: { label: i18n.t('common.undo'), run: () => void restore(entry.id) },
        });
      } catch (error) {
        toastError(error);
      }
      void entriesChanged(client);
    },
    [client, restore],
  );
  const keepShortStop = useCallback((entry: TimeEntry) => {
    setShortStop(null);
    toast(i18n.t('timer.stopped', { time: formatClock(entry.duration_seconds ?? 0) }), { kind: 'success' });
  }, []);

  const setDraft = useCallback((update: (d: TimerDraft) => TimerDraft) => setDraftState(update), []);
  const refresh = useCallback(() => client.invalidateQueries({ queryKey: keys.timer }), [client]);

  const start = useCallback(
    async (d: TimerDraft) => {
      if (!d.project_id) {
        toast(i18n.t('timer.chooseProject'), { kind: 'error' });
        return false;
      }
      try {
        await run({ type: 'start', draft: d });
        setDraftState(d);
        return true;
      } catch {
        return false;
      }
    },
    [run],
  );
  const stop = useCallback(async () => {
    try {
      return (await run({ type: 'stop' })).stopped;
    } catch {
      return null;
    }
  }, [run]);
  const pause = useCallback(() => run({ type: 'pause' }).then(() => undefined, () => undefined), [run]);
  const resume = useCallback(() => run({ type: 'resume' }).then(() => undefined, () => undefined), [run]);
  const edit = useCallback((patch: TimerPatch) => run({ type: 'edit', patch }).then(() => undefined), [run]);
  const discard = useCallback(() => run({ type: 'discard' }).then(() => undefined, () => undefined), [run]);

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

  const loaded = !query.isPending;
  const value = useMemo<TimerValue>(
    () => ({ timer, receivedAt, loaded, busy, draft, setDraft, start, stop, pause, resume, edit, discard, toggle, refresh }),
    [timer, receivedAt, loaded, busy, draft, setDraft, start, stop, pause, resume, edit, discard, toggle, refresh],
  );
  return (
    <TimerContext.Provider value={value}>
      <TabTitle />
      {children}
      <ShortStopDialog entry={shortStop} onKeep={keepShortStop} onDiscard={(e) => void dropShortStop(e)} />
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
