// Why an SSO sign-in failed: the code the callback puts in /login?error=<code> and the sentence the login page
// shows for it. Shared by the server (oidc.errors.ts) and the web UI. Codes are part of the API: add, never rename.

export const OIDC_LOGIN_ERRORS = {
  login_expired: 'The sign-in took too long or your browser blocked its cookie. Please try again.',
  state_mismatch: 'The sign-in response does not belong to the sign-in started in this browser. Please try again.',
  provider_error: 'The single sign-on provider refused the sign-in.',
  code_replayed: 'This sign-in response was already used or has expired. Please sign in again.',
  nonce_mismatch: 'The identity token does not belong to this sign-in. Please try again.',
  clock_skew: 'The identity token is not valid yet or has expired; the clocks of this server and the provider disagree.',
  token_invalid: 'The identity token from the provider could not be validated.',
  oidc_unavailable: 'The single sign-on provider cannot be reached right now. Try again in a minute.',
  oidc_disabled: 'Single sign-on is not enabled on this installation.',
  email_missing: 'The provider did not send an e-mail address, which the first sign-in needs. Ask your administrator.',
  account_conflict: 'Your e-mail address belongs to an account that cannot be linked automatically. Ask your administrator.',
  account_link_required:
    'An account with your e-mail address exists, but it is not linked to your single sign-on identity. Ask your administrator to link the accounts (Administration → Users).',
  account_disabled: 'Your account is deactivated. Ask your administrator.',
  signup_disabled: 'There is no account for you yet, and single sign-on does not create accounts here. Ask your administrator.',
  login_failed: 'Sign-in failed because of an unexpected error. Please try again.',
} as const;
