import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP-recommended baseline (19 MiB, 2 passes). The library's default algorithm is
// argon2id; the parameters are stored inside each hash, so they can be raised later without breaking logins.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    // Spend comparable time for users without a password (SSO-only, unknown) so timing reveals nothing.
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

const dummyHash = hash('timing-equaliser-not-a-password', OPTIONS);
