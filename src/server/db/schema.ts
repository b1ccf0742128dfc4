// Table types for Kysely. Instants are integer epoch seconds (UTC by construction, identical arithmetic on
// SQLite and PostgreSQL); booleans are 0/1 integers; money is integer cents.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Flag = 0 | 1;

export interface InstallationTable {
  id: number; // always 1
  install_id: string;
  analytics_secret: string;
  setup_complete: Flag;
  telemetry_consent: Flag;
  product_analytics_enabled: Flag;
  /** 1 once PostHog accepted the install ping (not merely once it was queued). */
  install_event_sent: Flag;
  /** The process (scheduler holder id) currently sending the install ping, if any. */
  install_event_holder: string | null;
  /** Until when that claim holds (epoch seconds); an expired, unconfirmed claim may be taken over. */
  install_event_lease_until: number;
  last_run_version: string | null;
  first_seen_version: string;
  first_seen_platform: string;
  first_seen_node_version: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  username_lower: string;
  password_hash: string | null;
  full_name: string | null;
  /** Unique ignoring case (index on lower(email), migration 005). */
  email: string | null;
  /** 1 when an admin, the CLI or an SSO provider (email_verified) set the address; 0 when the user typed it. */
  email_verified: Generated<Flag>;
  role: 'admin' | 'user';
  active: Flag;
  auth_method: 'local' | 'oidc';
  signup_method: 'setup' | 'local' | 'oidc' | 'admin';
  oidc_issuer: string | null;
  oidc_subject: string | null;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
  first_login_at: number | null;
  theme: Generated<'light' | 'dark' | 'system'>;
  language: Generated<string>;
  timezone: Generated<string>;
  date_format: Generated<string>;
  time_format: Generated<'24h' | '12h'>;
  week_start: Generated<number>;
  rounding_minutes: Generated<number>;
  rounding_method: Generated<'nearest' | 'up' | 'down'>;
  standard_hours_per_day: Generated<number>;
  weekly_goal_hours: number | null;
  analytics_opt_out: Generated<Flag>;
  /** A timer stopped with less worked time is kept unrounded (migration 011). */
  min_timer_seconds: Generated<number>;
  /** Rounding of reports and exports; stored times never change (migration 011). */
  report_rounding: Generated<'none' | 'entry' | 'day'>;
  report_rounding_minutes: Generated<number>;
  report_rounding_method: Generated<'nearest' | 'up' | 'down'>;
  /** JSON array of the project ids pinned in the picker, in pinning order (migration 012). */
  pinned_project_ids: Generated<string>;
}

export interface ClientsTable {
  id: Generated<number>;
  name: string;
  name_lower: string;
  email: string | null;
  default_hourly_rate_cents: number | null;
  notes: string | null;
  status: 'active' | 'archived';
  created_at: number;
  updated_at: number;
  /** Billing data for invoices (migration 013); `address_lines` is a JSON array of street lines. */
  address_lines: Generated<string>;
  postal_code: string | null;
  city: string | null;
  country_code: string | null;
  vat_id: string | null;
  language: string | null;
  tax_treatment: Generated<'standard' | 'reverse_charge' | 'exempt'>;
  exemption_reason: string | null;
  payment_terms_days: number | null;
  currency: string | null;
  buyer_reference: string | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  client_id: number | null;
  name: string;
  name_lower: string;
  description: string | null;
  billable: Flag;
  hourly_rate_cents: number | null;
  color: string | null;
  budget_hours: number | null;
  /** Money budget in cents (migration 011). */
  budget_amount_cents: number | null;
  /** Whether the budgets count all time or each calendar month of the instance's time zone (migration 011). */
  budget_period: Generated<'total' | 'monthly'>;
  status: 'active' | 'archived';
  created_at: number;
  updated_at: number;
}

export interface TasksTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  status: 'todo' | 'in_progress' | 'done';
  estimated_hours: number | null;
  created_at: number;
  updated_at: number;
}

export interface TimeEntriesTable {
  id: Generated<number>;
  user_id: number;
  project_id: number;
  task_id: number | null;
  start_time: number;
  /** null only while the entry is the user's running timer */
  end_time: number | null;
  duration_seconds: number | null;
  break_seconds: Generated<number>;
  /** set while a running timer is paused */
  paused_at: number | null;
  notes: string | null;
  billable: Flag;
  source: 'timer' | 'manual' | 'import' | 'timesheet';
  created_at: number;
  updated_at: number;
  /** set when the entry was deleted: restorable until the purge job removes it (migration 010) */
  deleted_at: number | null;
}

export interface TagsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  name_lower: string;
}

export interface TimeEntryTagsTable {
  time_entry_id: number;
  tag_id: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  /** JSON array of scope strings */
  scopes: string;
  expires_at: number | null;
  last_used_at: number | null;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value; the raw id never touches the database */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  auth_method: 'local' | 'oidc';
  /** kept for RP-initiated logout (id_token_hint) */
  oidc_id_token: string | null;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** The visit's analytics session (PostHog `$session_id`, UUIDv7); migration 007, features/auth/analytics-session.ts */
  analytics_session_id: string | null;
  analytics_session_started_at: number | null;
  /** 1 once the visit's entry page view was reported */
  analytics_entry_seen: Generated<Flag>;
}

/** One login-throttle bucket (migration 006; features/auth/login-throttle.ts). */
export interface LoginThrottleTable {
  /** "account:<lowercased username>" (untrusted clients) or "device:<sha256 of the device cookie's id>" */
  key: string;
  /** Attempts counted since the bucket was last reset (each reserved before its password check). */
  failures: number;
  /** Length of the current or last lock; doubles with each further failure. */
  lock_seconds: Generated<number>;
  locked_until: Generated<number>;
  updated_at: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string | null;
  lease_until: number;
  last_run_at: number | null;
  last_error: string | null;
  next_run_at: number | null;
}

/** Onboarding funnel steps a user has reached (migration 003); the primary key makes "first" exact. */
export interface AnalyticsFunnelStepsTable {
  user_id: number;
  step: 'first_project_created' | 'first_timer_started' | 'first_time_logged';
  reached_at: number;
}

/** Analytics events stored at shutdown, sent by the next process to start (migration 008; analytics/outbox.ts). */
export interface AnalyticsOutboxTable {
  uuid: string;
  channel: 'product' | 'telemetry';
  /** The acting user, only to re-check their opt-out before sending; never sent. */
  user_id: number | null;
  /** JSON of the message exactly as handed to posthog-node: distinctId, event, properties, timestamp (ISO). */
  payload: string;
  /** When its first upload failed (epoch ms): retried for the retry window from then. */
  failing_since_ms: number | null;
  stored_at: number;
  holder: string | null;
  lease_until: Generated<number>;
}

/** Invoices (migration 013): amounts in cents, quantities in ten-thousandths, tax rates in hundredths of a percent. */
export interface InvoicesTable {
  id: Generated<number>;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'issued' | 'paid' | 'void';
  client_id: number;
  corrects_invoice_id: number | null;
  number: string | null;
  sequence_key: string | null;
  sequence_value: number | null;
  currency: string;
  language: string;
  tax_treatment: 'standard' | 'reverse_charge' | 'exempt';
  group_by: 'project' | 'task' | 'day' | 'entry';
  /** The billed period, local dates YYYY-MM-DD (inclusive). */
  period_from: string;
  period_to: string;
  issue_date: string | null;
  due_date: string | null;
  notes: string | null;
  net_cents: number;
  tax_cents: number;
  gross_cents: number;
  /** The frozen InvoiceDocument (JSON), set when issued. */
  document: string | null;
  created_by: number;
  created_at: number;
  updated_at: number;
  issued_at: number | null;
  /** The day the payment arrived (YYYY-MM-DD). */
  paid_on: string | null;
  voided_at: number | null;
}

export interface InvoiceLinesTable {
  id: Generated<number>;
  invoice_id: number;
  position: number;
  description: string;
  quantity: number;
  unit: 'hour' | 'item';
  unit_price_cents: number;
  tax_rate: number;
  net_cents: number;
  period_from: string | null;
  period_to: string | null;
}

export interface InvoiceEntriesTable {
  invoice_id: number;
  entry_id: number;
  /** 1 once the invoice was voided or deleted: the entry may be billed again. */
  released: Generated<Flag>;
}

export interface InvoiceSequencesTable {
  sequence_key: string;
  last_value: number;
}

export interface DB {
  installation: InstallationTable;
  settings: SettingsTable;
  users: UsersTable;
  clients: ClientsTable;
  projects: ProjectsTable;
  tasks: TasksTable;
  time_entries: TimeEntriesTable;
  tags: TagsTable;
  time_entry_tags: TimeEntryTagsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  job_leases: JobLeasesTable;
  analytics_funnel_steps: AnalyticsFunnelStepsTable;
  analytics_outbox: AnalyticsOutboxTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  invoice_entries: InvoiceEntriesTable;
  invoice_sequences: InvoiceSequencesTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ClientRow = Selectable<ClientsTable>;
export type InvoiceRow = Selectable<InvoicesTable>;
export type InvoiceLineRow = Selectable<InvoiceLinesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<TasksTable>;
export type TimeEntryRow = Selectable<TimeEntriesTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type SessionRow = Selectable<SessionsTable>;
