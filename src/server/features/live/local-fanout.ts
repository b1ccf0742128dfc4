// The in-process half of the live bus: which streams of this process belong to which user, and delivery to them
// (events and credential signals). Both bus kinds build on it.
import type { LiveEvent } from './live-events.js';
import type { CredentialWatcher, LiveListener, LiveLogger } from './event-bus.js';

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

  protected hasCredentialWatchers(userId: number): boolean {
    return this.credentialWatchers.has(userId);
  }

  /** After a gap in the cross-process signals, every stream re-checks its credential. */
  protected deliverCredentialsChangedToAll(): void {
    for (const userId of [...this.credentialWatchers.keys()]) this.deliverCredentialsChanged(userId);
  }

  protected deliverCredentialsChanged(userId: number): void {
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

