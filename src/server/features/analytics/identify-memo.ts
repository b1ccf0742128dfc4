// Which users this process has identified for which analytics session of the current UTC day. A user's person
// properties go out with their first product event of each analytics session and of each UTC day, so one key per
// (user, session) is enough once the keys of earlier days are gone: a new day starts an empty memo. Bounded: when
// full, the oldest key is forgotten, which at worst sends one identify too many (harmless; PostHog just sets the
// same properties again). A key whose identify was given up (refused for good, retried too long, dropped) is
// forgotten, so the next event sends one again; one that is merely being retried stays.
// Pure: the time comes in as an argument.

const DAY_MS = 86_400_000;

export class IdentifyMemo {
  private day = -1;
  private readonly keys = new Set<string>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Records that `userId` is identified for `sessionId` (undefined: requests without an analytics session, e.g.
   * API tokens) on the UTC day of `nowMs`. Returns the key when it was not recorded yet (an identify is due),
   * undefined when it was.
   */
  claim(userId: number, sessionId: string | undefined, nowMs: number): string | undefined {
    const day = Math.floor(nowMs / DAY_MS);
    if (day !== this.day) {
      this.keys.clear();
      this.day = day;
    }
    const key = `${day}:${userId}:${sessionId ?? ''}`;
    if (this.keys.has(key)) return undefined;
    if (this.keys.size >= this.capacity) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    this.keys.add(key);
    return key;
  }

  /** The identify for this key was given up: the next event of that user, session and day sends one again. */
  forget(key: string): void {
    this.keys.delete(key);
  }
}
