// The one call other services make after their transaction committed, e.g.
//   publishLive(ctx, userId, timerChanged(running));
//   publishLive(ctx, userId, timerChanged(null), entriesChanged([entry.id]));
// It never throws and never waits for other processes; awaiting it is optional.
import type { AppContext } from '../../app-context.js';
import type { LiveEvent } from './live-events.js';

export { entriesChanged, entriesDeleted, entriesImported, timerChanged } from './live-events.js';

export function publishLive(ctx: Pick<AppContext, 'live'>, userId: number, ...events: (LiveEvent | LiveEvent[])[]): Promise<void> {
  const flat = events.flat();
  if (flat.length === 0) return Promise.resolve();
  return ctx.live.publish(userId, flat).catch(() => undefined);
}
