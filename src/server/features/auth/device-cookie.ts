// OWASP's device cookies ("Slow down online guessing attacks with device cookies"): a browser that signed in
// to an account receives a signed cookie naming that account and a random device id. Its later sign-in attempts
// are throttled per device instead of per account, so failures from elsewhere (an attacker) never lock it out.
// Pure: the HMAC key is the installation's SECRET_KEY; the cookie carries no secret of the account.
import { createHmac } from 'node:crypto';
import { randomToken, safeEqual, sha256Hex } from './secrets.js';

export const DEVICE_COOKIE = 'tt_device';
/** Sent only to the login route: nothing else needs it. */
export const DEVICE_COOKIE_PATH = '/api/v1/auth/login';
export const DEVICE_COOKIE_DAYS = 180;
const VERSION = 'v1';

export interface DeviceCookie {
  /** Lower-cased username the device signed in as. */
  username: string;
  /** Random id of this device cookie (rotated at every successful sign-in). */
  id: string;
}

const mac = (key: string, payload: string) =>
  createHmac('sha256', key).update(`tt-device-cookie\0${payload}`).digest('base64url');

export function issueDeviceCookie(key: string, username: string): { value: string; cookie: DeviceCookie } {
  const cookie = { username: username.toLowerCase(), id: randomToken(18) };
  const payload = `${VERSION}.${Buffer.from(cookie.username).toString('base64url')}.${cookie.id}`;
  return { value: `${payload}.${mac(key, payload)}`, cookie };
}

/** The cookie when its signature is valid, else undefined (tampered, foreign key, garbage). */
export function readDeviceCookie(key: string, value: string | undefined): DeviceCookie | undefined {
  if (!value || value.length > 600) return undefined;
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) return undefined;
  const [version, user, id, signature] = parts as [string, string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(user) || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
  if (!safeEqual(signature, mac(key, `${version}.${user}.${id}`))) return undefined;
  return { username: Buffer.from(user, 'base64url').toString('utf8'), id };
}

/** The throttle bucket of a device cookie (its id hashed: the table never holds a usable cookie part). */
export const deviceBucket = (cookie: DeviceCookie) => `device:${sha256Hex(cookie.id)}`;
export const accountBucket = (username: string) => `account:${username.toLowerCase()}`;
