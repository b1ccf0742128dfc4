// Pseudonymous identities. A user's distinct_id is an HMAC of the user id under the installation's
// analytics_secret (which never leaves the database), so it cannot be reversed to a name and the same user id
// on two installations gives two unrelated ids. Pure.
import { createHmac } from 'node:crypto';

export function userDistinctId(analyticsSecret: string, userId: number): string {
  return `u_${createHmac('sha256', analyticsSecret).update(`user:${userId}`).digest('hex').slice(0, 32)}`;
}
