// Resolved credentials (a session or an API token with its user row) kept in this process for a few seconds, so
// the requests of a busy client skip the credential query. Pure bookkeeping, no I/O: authenticate.ts reads and
// fills it, and every change to a user, their sessions or tokens drops the user's entries through the live bus's
// user signal (features/live/credentials-signal.ts), in this process at once and in the others within the bus's
// latency. The short lifetime only bounds what no signal announces (a change by hand in the database, or the CLI
// on SQLite, which cannot reach the server).
//
// Filling races with invalidation: a request that read the database before a revocation committed must not put
// its stale row back after the revocation dropped the entries. So every invalidation bumps a generation, a reader
// notes the generation before it reads, and `set` refuses a result read before the latest invalidation.

/** One cached credential; `userId` is what invalidation matches, `expiresAt` the credential's own expiry. */
export interface CachedCredential<T> {
  userId: number;
  /** Epoch seconds after which the credential is no longer valid (null: never). */
  expiresAt: number | null;
  value: T;
}

interface Slot<T> extends CachedCredential<T> {
  /** Date.now() after which the slot is stale. */
  staleAt: number;
}

export interface PrincipalCacheOptions {
  /** How long an entry is used (ms); 0 disables the cache. */
  ttlMs: number;
  /** Most entries held; the least recently used one goes first. */
  maxEntries: number;
}

export const DEFAULT_PRINCIPAL_CACHE: PrincipalCacheOptions = { ttlMs: 5000, maxEntries: 10_000 };

export class PrincipalCache<T> {
  /** Map order is recency order: a hit moves its key to the end, eviction takes the first. */
  private readonly slots = new Map<string, Slot<T>>();
  private currentGeneration = 0;

  constructor(
    private readonly options: PrincipalCacheOptions = DEFAULT_PRINCIPAL_CACHE,
    private readonly clockMs: () => number = () => Date.now(),
  ) {}

  get size(): number {
    return this.slots.size;
  }

  /** What a reader notes before it queries the database; hand it back to `set`. */
  generation(): number {
    return this.currentGeneration;
  }

  /** The cached credential under `key`, unless stale or expired at `nowSeconds`. */
  get(key: string, nowSeconds: number): CachedCredential<T> | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.staleAt <= this.clockMs() || (slot.expiresAt !== null && slot.expiresAt <= nowSeconds)) {
      this.slots.delete(key);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return slot;
  }

  /** Stores what was read at `readGeneration`; refused (false) when an invalidation came in since. */
  set(key: string, entry: CachedCredential<T>, readGeneration: number): boolean {
    if (this.options.ttlMs <= 0 || readGeneration !== this.currentGeneration) return false;
    this.slots.delete(key);
    if (this.slots.size >= this.options.maxEntries) this.slots.delete(this.slots.keys().next().value as string);
    this.slots.set(key, { ...entry, staleAt: this.clockMs() + this.options.ttlMs });
    return true;
  }

  /** Drops one credential (its row is about to change, e.g. a sliding-expiry write). */
  delete(key: string): void {
    this.slots.delete(key);
  }

  /** Drops every credential of the user: the user row, a session or a token of theirs changed. */
  invalidateUser(userId: number): void {
    this.currentGeneration++;
    for (const [key, slot] of this.slots) if (slot.userId === userId) this.slots.delete(key);
  }

  /** Drops everything (the cross-process signals had a gap, so any of them may have been missed). */
  clear(): void {
    this.currentGeneration++;
    this.slots.clear();
  }
}
