import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PrincipalCache } from './principal-cache.js';

const NOW = 1_800_000_000;

function cacheWithClock(options = { ttlMs: 5000, maxEntries: 3 }) {
  const clock = { ms: 0 };
  return { clock, cache: new PrincipalCache<string>(options, () => clock.ms) };
}

describe('PrincipalCache', () => {
  it('serves an entry until its lifetime ends, and never past the credential’s own expiry', () => {
    const { clock, cache } = cacheWithClock();
    cache.set('a', { userId: 1, expiresAt: NOW + 2, value: 'A' }, cache.generation());
    cache.set('b', { userId: 2, expiresAt: null, value: 'B' }, cache.generation());
    expect(cache.get('a', NOW)?.value).toBe('A');
    expect(cache.get('a', NOW + 2)).toBeUndefined(); // the session or token expired
    clock.ms = 4999;
    expect(cache.get('b', NOW)?.value).toBe('B');
    clock.ms = 5000;
    expect(cache.get('b', NOW)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops every entry of a user at once, and only theirs', () => {
    const { cache } = cacheWithClock({ ttlMs: 5000, maxEntries: 10 });
    cache.set('s1', { userId: 1, expiresAt: null, value: 'session' }, cache.generation());
    cache.set('t1', { userId: 1, expiresAt: null, value: 'token' }, cache.generation());
    cache.set('s2', { userId: 2, expiresAt: null, value: 'other' }, cache.generation());
    cache.invalidateUser(1);
    expect(cache.get('s1', NOW)).toBeUndefined();
    expect(cache.get('t1', NOW)).toBeUndefined();
    expect(cache.get('s2', NOW)?.value).toBe('other');
    cache.clear();
    expect(cache.get('s2', NOW)).toBeUndefined();
  });

  it('refuses a row read before an invalidation (a revocation racing with a request’s read)', () => {
    const { cache } = cacheWithClock();
    const before = cache.generation();
    cache.invalidateUser(7); // any user: the reader does not know whose credential it read until it has read it
    expect(cache.set('t', { userId: 1, expiresAt: null, value: 'stale' }, before)).toBe(false);
    expect(cache.get('t', NOW)).toBeUndefined();
    const after = cache.generation();
    cache.clear();
    expect(cache.set('t', { userId: 1, expiresAt: null, value: 'stale' }, after)).toBe(false);
    expect(cache.set('t', { userId: 1, expiresAt: null, value: 'fresh' }, cache.generation())).toBe(true);
  });

  it('is bounded: the least recently used entry goes first', () => {
    const { cache } = cacheWithClock();
    for (const key of ['a', 'b', 'c']) cache.set(key, { userId: 1, expiresAt: null, value: key }, cache.generation());
    cache.get('a', NOW); // a is now the most recent
    cache.set('d', { userId: 1, expiresAt: null, value: 'd' }, cache.generation());
    expect(cache.size).toBe(3);
    expect(cache.get('b', NOW)).toBeUndefined();
    expect(cache.get('a', NOW)?.value).toBe('a');
  });

  it('holds nothing with a lifetime of 0', () => {
    const { cache } = cacheWithClock({ ttlMs: 0, maxEntries: 3 });
    expect(cache.set('a', { userId: 1, expiresAt: null, value: 'A' }, cache.generation())).toBe(false);
    expect(cache.get('a', NOW)).toBeUndefined();
  });

  it('never answers an entry of an invalidated user nor grows past its bound (generated sequences)', () => {
    type Op = { kind: 'set' | 'get' | 'drop' | 'tick'; key: number; user: number };
    const op = fc.record({
      kind: fc.constantFrom<Op['kind']>('set', 'get', 'drop', 'tick'),
      key: fc.integer({ min: 0, max: 6 }),
      user: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { clock, cache } = cacheWithClock({ ttlMs: 5000, maxEntries: 4 });
        // What each key may answer: its value, stored since the owner was last invalidated and within the lifetime.
        const model = new Map<string, { user: number; at: number }>();
        for (const o of ops) {
          const key = `k${o.key}`;
          if (o.kind === 'set') {
            cache.set(key, { userId: o.user, expiresAt: null, value: key }, cache.generation());
            model.set(key, { user: o.user, at: clock.ms });
          } else if (o.kind === 'drop') {
            cache.invalidateUser(o.user);
            for (const [k, v] of model) if (v.user === o.user) model.delete(k);
          } else if (o.kind === 'tick') {
            clock.ms += 1000;
          } else {
            const hit = cache.get(key, NOW);
            const allowed = model.get(key);
            if (hit) expect(allowed !== undefined && clock.ms - allowed.at < 5000 && hit.userId === allowed.user).toBe(true);
          }
          expect(cache.size).toBeLessThanOrEqual(4);
        }
      }),
    );
  });
});
