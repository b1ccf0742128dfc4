import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accountBucket, deviceBucket, issueDeviceCookie, readDeviceCookie } from './device-cookie.js';

const KEY = 'k'.repeat(40);

describe('device cookies', () => {
  it('round-trips the account and id, and rotates the id at every issue', () => {
    const a = issueDeviceCookie(KEY, 'Alice');
    const b = issueDeviceCookie(KEY, 'alice');
    expect(readDeviceCookie(KEY, a.value)).toEqual({ username: 'alice', id: a.cookie.id });
    expect(a.cookie.id).not.toBe(b.cookie.id);
    expect(deviceBucket(a.cookie)).not.toBe(deviceBucket(b.cookie));
    expect(deviceBucket(a.cookie)).not.toContain(a.cookie.id);
    expect(accountBucket('ALICE')).toBe('account:alice');
  });

  it('keeps unusual usernames intact (dots, unicode)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (name) => {
        const issued = issueDeviceCookie(KEY, name);
        expect(readDeviceCookie(KEY, issued.value)?.username).toBe(name.toLowerCase());
      }),
    );
  });

  it('refuses another key, any changed character, and garbage without throwing', () => {
    const { value } = issueDeviceCookie(KEY, 'alice');
    expect(readDeviceCookie('x'.repeat(40), value)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat({ max: value.length - 1 }), fc.string({ minLength: 1, maxLength: 1 }), (at, ch) => {
        fc.pre(value[at] !== ch);
        expect(readDeviceCookie(KEY, value.slice(0, at) + ch + value.slice(at + 1))).toBeUndefined();
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 700 }), (junk) => {
      expect(readDeviceCookie(KEY, junk)).toBeUndefined();
    }));
    expect(readDeviceCookie(KEY, undefined)).toBeUndefined();
    // Another user's valid cookie is valid but names that user; the login compares the name.
    expect(readDeviceCookie(KEY, issueDeviceCookie(KEY, 'bob').value)?.username).toBe('bob');
  });
});
