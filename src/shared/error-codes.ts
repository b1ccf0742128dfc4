// Every `error.code` the API sends, in one list: the server's AppError and error handler accept only these, and the
// web UI must have a sentence of its own for each (src/web/i18n/errors.ts; a missing one is a type error there).
export const API_ERROR_CODES = [
  // any route
  'validation_failed',
  'bad_request',
  'unauthenticated',
  'invalid_credentials',
  'account_deactivated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'rate_limited',
  'internal',
  'database_unavailable',
  'unsupported_media_type',
  'payload_too_large',
  // answers of the HTTP server itself (slow clients, oversized or malformed requests, shutdown)
  'request_timeout',
  'uri_too_long',
  'headers_too_large',
  'expectation_failed',
  'shutting_down',
  // setup
  'setup_required',
  'setup_already_complete',
  // clients, projects, tasks
  'name_taken',
  'in_use',
  'client_archived',
  'project_archived',
  // time entries and the timer
  'overlap',
  'timer_running',
  'timer_already_running',
  'no_running_timer',
  'already_paused',
  'not_paused',
  // the timesheet
  'cell_not_editable',
  // users
  'username_taken',
  'email_taken',
  'cannot_deactivate_self',
  'last_admin',
  'sso_identity_taken',
  // imports and exports
  'invalid_csv',
  'unknown_format',
  'too_many_rows',
  // invoices
  'entry_invoiced',
  'nothing_to_invoice',
  'invoice_not_draft',
  'invoice_not_issued',
  'invoice_incomplete',
  'credit_note_exists',
  // analytics, single sign-on
  'analytics_unavailable',
  'oidc_disabled',
  'oidc_unavailable',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
