// The time zone a report, export or import works in: the one the request names, else the user's own.
import { validationFailed } from '../../http/errors.js';
import { isValidTimeZone } from '../../../shared/time-math.js';
import type { Principal } from '../auth/principal.js';

export function resolveTimeZone(requested: string | undefined, principal: Principal): string {
  const tz = requested ?? principal.user.timezone;
  if (!isValidTimeZone(tz)) throw validationFailed({ timezone: 'must be an IANA time zone such as Europe/Berlin' });
  return tz;
}
