// The open event streams of one process, with caps per user and per process: a new stream beyond a cap pushes
// out the oldest one (of that user, or of the process), so a burst of streams can neither exhaust the process's
// sockets nor lock a user out of their newest tab. Pure bookkeeping; the route closes what `add` returns.

export interface StreamLimits {
  perUser: number;
  perProcess: number;
}

export class StreamRegistry<S> {
  /** Insertion order is age: the first entry is the oldest stream. */
  private readonly owners = new Map<S, number>();
  private readonly byUser = new Map<number, Set<S>>();

  constructor(private readonly limits: StreamLimits) {
    if (limits.perUser < 1 || limits.perProcess < 1) throw new Error('stream limits must be at least 1');
  }

  get size(): number {
    return this.owners.size;
  }

  countOf(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Registers a new stream; answers the streams it pushes out, oldest first (already unregistered). */
  add(userId: number, stream: S): S[] {
    const evicted: S[] = [];
    const mine = this.byUser.get(userId);
    if (mine) {
      for (const old of mine) {
        if (mine.size < this.limits.perUser) break;
        this.delete(old);
        evicted.push(old);
      }
    }
    for (const old of this.owners.keys()) {
      if (this.owners.size < this.limits.perProcess) break;
      this.delete(old);
      evicted.push(old);
    }
    this.owners.set(stream, userId);
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(stream);
    return evicted;
  }

  delete(stream: S): void {
    const userId = this.owners.get(stream);
    if (userId === undefined) return;
    this.owners.delete(stream);
    const set = this.byUser.get(userId);
    set?.delete(stream);
    if (set?.size === 0) this.byUser.delete(userId);
  }

  values(): S[] {
    return [...this.owners.keys()];
  }
}
