// What GET /api/v1/events pushes, shared by the server (which sends it) and the web UI (which listens), so the two
// cannot drift. Events only ever go to the user who owns the data, and carry ids plus the little the UI needs to
// decide what to refetch — never notes, tags or anything of another user.

/** The running timer as the UI needs it to render the ticking clock; details (notes, tags) come from GET /timer. */
export interface LiveTimer {
  id: number;
  project_id: number;
  task_id: number | null;
  start_time: string;
  paused: boolean;
  paused_at: string | null;
  break_seconds: number;
}

/** Why the UI should refetch what it shows. */
export type ResyncReason = 'listener_reconnected' | 'entries_imported';

export type LiveEvent =
  /** The user's timer started, stopped, paused, resumed or was edited; `timer` is null when none runs. */
  | { type: 'timer.changed'; data: { timer: LiveTimer | null } }
  /** Entries were created, changed or restored (refetch them, e.g. GET /time-entries/{id}). */
  | { type: 'time_entry.changed'; data: { ids: number[] } }
  /** Entries were deleted. */
  | { type: 'time_entry.deleted'; data: { ids: number[] } }
  /**
   * Refetch what is on screen: this process may have missed events (its database listener reconnected), or
   * too much changed at once to list (an import).
   */
  | { type: 'resync'; data: { reason: ResyncReason } };

export type LiveEventType = LiveEvent['type'];

/** Sent first on every (re)connection, once the stream is subscribed: fetch what you show after this. */
export interface ReadyEvent {
  type: 'ready';
  data: { heartbeat_seconds: number };
}

/**
 * Sent last, just before the stream closes, when the credential it was opened with stopped being valid (signed out
 * in another tab, expired, revoked, the user deactivated or their password changed): the UI says so at once instead
 * of failing at the next save.
 */
export interface SessionEndedEvent {
  type: 'session.ended';
  data: Record<string, never>;
}

/** Every event on the stream by name, with its payload. */
export type LiveStreamEvents = { [E in LiveEvent | ReadyEvent | SessionEndedEvent as E['type']]: E['data'] };

/** Every event name on the stream (the client registers a listener per name). */
export const LIVE_STREAM_EVENT_NAMES = [
  'ready',
  'timer.changed',
  'time_entry.changed',
  'time_entry.deleted',
  'resync',
  'session.ended',
] as const satisfies readonly (keyof LiveStreamEvents)[];
