// Binds a started SSO login to the browser that started it. Why a cookie and not a database row: it needs no
// table, no clean-up of abandoned logins, and works across processes that share SECRET_KEY. The cookie is
// sealed (AES-256-GCM under a key derived from the secret key), so the browser can neither read the PKCE
// verifier and nonce nor change anything; it is HttpOnly, SameSite=Lax (sent on the provider's top-level
// redirect back to us), limited to /api/v1/auth/oidc, lives 10 minutes, and the callback always deletes it.
// One pending login per browser: starting a second one replaces the first.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const LOGIN_COOKIE = 'tt_oidc';
export const LOGIN_COOKIE_PATH = '/api/v1/auth/oidc';
export const LOGIN_LIFETIME_SECONDS = 600;

const pendingLogin = z.strictObject({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(43),
  next: z.string(),
  expiresAt: z.number().int(),
});
export type PendingLogin = z.infer<typeof pendingLogin>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('timetracker/oidc-login-cookie/v1').digest();
}

export function sealPendingLogin(secretKey: string, login: PendingLogin): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey), iv);
  cipher.setAAD(Buffer.from(LOGIN_COOKIE));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(login), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The pending login, or undefined when the cookie is missing, forged, corrupted or expired. */
export function openPendingLogin(secretKey: string, value: string | undefined, nowSeconds: number): PendingLogin | undefined {
  if (!value) return undefined;
  try {
    const raw = Buffer.from(value, 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(LOGIN_COOKIE));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const json = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    const parsed = pendingLogin.safeParse(JSON.parse(json));
    if (!parsed.success || parsed.data.expiresAt <= nowSeconds) return undefined;
    return parsed.data;
  } catch {
    return undefined;
  }
}
