// The in-process half of the live bus: which streams of this process belong to which user, and delivery to them
// (events and credential signals), and the process-wide watchers of user changes (the principal cache). Both bus
// kinds build on it.
import type { LiveEvent } from './live-events.js';
import type { CredentialWatcher, LiveListener, LiveLogger, UserWatcher } from './event-bus.js';

const silentLogger: LiveLogger = { info: () => undefined, warn: () => undefined };

function addTo<T>(map: Map<number, Set<T>>, userId: number, item: T): () => void {
  let set = map.get(userId);
  if (!set) map.set(userId, (set = new Set()));
  set.add(item);
  return () => {
    const current = map.get(userId);
    if (!current) return;
    current.delete(item);
    if (current.size === 0) map.delete(userId);
  };
}

export class LocalFanout {
  private readonly listeners = new Map<number, Set<LiveListener>>();
  private readonly credentialWatchers = new Map<number, Set<CredentialWatcher>>();
  private readonly userWatchers = new Set<UserWatcher>();
  protected logger: LiveLogger = silentLogger;

  setLogger(logger: LiveLogger): void {
    this.logger = logger;
  }

  subscribe(userId: number, listener: LiveListener): () => void {
    return addTo(this.listeners, userId, listener);
  }

  watchCredentials(userId: number, watcher: CredentialWatcher): () => void {
    return addTo(this.credentialWatchers, userId, watcher);
  }

  watchUsers(watcher: UserWatcher): () => void {
    this.userWatchers.add(watcher);
    return () => void this.userWatchers.delete(watcher);
  }

  /** After a gap in the cross-process signals, every stream re-checks its credential and every user counts as changed. */
  protected deliverCredentialsChangedToAll(): void {
    this.deliverUserChanged(null);
    for (const userId of [...this.credentialWatchers.keys()]) this.deliverCredentialsChanged(userId);
  }

  /** The user's row, sessions or tokens changed (null: any user's may have). */
  protected deliverUserChanged(userId: number | null): void {
    for (const watcher of [...this.userWatchers]) {
      try {
        watcher(userId);
      } catch (error) {
        this.logger.warn({ err: error }, 'live user watcher failed');
      }
    }
  }

  /** A credential of the user ended: the user changed too, and the user's streams re-check. */
  protected deliverCredentialsChanged(userId: number): void {
    this.deliverUserChanged(userId);
    for (const watcher of [...(this.credentialWatchers.get(userId) ?? [])]) {
      try {
        watcher();
      } catch (error) {
        this.logger.warn({ err: error }, 'live credential watcher failed');
      }
    }
  }

  subscriberCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  protected hasSubscribers(userId: number): boolean {
    return this.listeners.has(userId);
  }

  protected deliver(userId: number, events: readonly LiveEvent[]): void {
    const set = this.listeners.get(userId);
    if (!set) return;
    for (const listener of [...set]) {
      for (const event of events) {
        try {
          listener(event);
        } catch (error) {
          this.logger.warn({ err: error }, 'live event listener failed');
        }
      }
    }
  }

  protected deliverToAll(event: LiveEvent): void {
    for (const userId of [...this.listeners.keys()]) this.deliver(userId, [event]);
  }
}

