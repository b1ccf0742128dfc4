// Why an SSO sign-in failed. The callback sends the browser to /login?error=<code>; the login page shows the
// message for the code (docs/oidc.md lists them). Codes are part of the API: add, never rename.

import { OIDC_LOGIN_ERRORS } from '../../../shared/oidc-login-errors.js';

export { OIDC_LOGIN_ERRORS };

export type OidcLoginErrorCode = keyof typeof OIDC_LOGIN_ERRORS;

/** A failed SSO sign-in: `code` goes to the login page, `detail` only to the server log. */
export class OidcLoginError extends Error {
  constructor(
    readonly code: OidcLoginErrorCode,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${OIDC_LOGIN_ERRORS[code]} (${detail})` : OIDC_LOGIN_ERRORS[code], options);
    this.name = 'OidcLoginError';
  }
}
