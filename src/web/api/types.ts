// Shapes of the HTTP API v1 (the binding spec); the UI talks to the server only through these.

export type AuthMethod = 'local' | 'oidc';

export interface Info {
  version: string;
  setup_complete: boolean;
  auth_methods: AuthMethod[];
  oidc_button_label?: string | null;
}

export type Theme = 'light' | 'dark' | 'system';
export type DateFormat = 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY';
export type RoundingMethod = 'nearest' | 'up' | 'down';

export interface Preferences {
  theme: Theme;
  language: string;
  timezone: string;
  date_format: DateFormat;
  time_format: '24h' | '12h';
  week_start: number;
  rounding_minutes: number;
  rounding_method: RoundingMethod;
  standard_hours_per_day: number;
  weekly_goal_hours: number | null;
  analytics_opt_out: boolean;
}

export interface User {
  id: number;
  username: string;
  full_name: string | null;
  email: string | null;
  /** false for an address the user typed themselves: it never links a single sign-on identity */
  email_verified?: boolean;
  sso_identity?: { issuer: string; subject: string } | null;
  role: 'admin' | 'user';
  active?: boolean;
  auth_method: AuthMethod;
  created_at: string;
  last_login_at: string | null;
  preferences: Preferences;
}

export interface SessionAnswer {
  user: User | null;
  csrf_token: string | null;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Status = 'active' | 'archived';

export interface Client {
  id: number;
  name: string;
  email: string | null;
  default_hourly_rate: string | null;
  notes: string | null;
  status: Status;
  created_at: string;
  updated_at: string;
}

export interface Project {
  id: number;
  name: string;
  client_id: number | null;
  description: string | null;
  billable: boolean;
  hourly_rate: string | null;
  color: string | null;
  budget_hours: number | null;
  status: Status;
  created_at: string;
  updated_at: string;
}

export type TaskStatus = 'todo' | 'in_progress' | 'done';

export interface Task {
  id: number;
  project_id: number;
  name: string;
  status: TaskStatus;
  estimated_hours: number | null;
  created_at: string;
  updated_at: string;
}

export interface Timer {
  id: number;
  project_id: number;
  task_id: number | null;
  notes: string | null;
  tags: string[];
  billable: boolean;
  start_time: string;
  paused: boolean;
  paused_at: string | null;
  break_seconds: number;
  elapsed_seconds: number;
}

export interface TimeEntry {
  id: number;
  user_id: number;
  project_id: number;
  client_id: number | null;
  task_id: number | null;
  start_time: string;
  end_time: string | null;
  duration_seconds: number | null;
  break_seconds: number;
  notes: string | null;
  tags: string[];
  billable: boolean;
  source: 'timer' | 'manual' | 'import';
  created_at: string;
  updated_at: string;
}

export interface NewTimeEntry {
  project_id: number;
  task_id?: number | null;
  start_time: string;
  end_time?: string;
  duration_seconds?: number;
  break_seconds?: number;
  notes?: string | null;
  tags?: string[];
  billable?: boolean;
}

export type GroupBy = 'project' | 'client' | 'user' | 'task' | 'tag' | 'day' | 'week' | 'month';

export interface SummaryGroup {
  key: string | null;
  label: string | null;
  seconds: number;
  billable_seconds: number;
  billable_amount: string | null;
  entry_count: number;
}

export interface Summary {
  from: string;
  to: string;
  group_by: GroupBy;
  total_seconds: number;
  billable_seconds: number;
  billable_amount: string | null;
  currency: string;
  entries_without_rate?: number;
  groups: SummaryGroup[];
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  expires_at: string | null;
  created_at?: string;
  last_used_at?: string | null;
  token?: string;
}

// The server's scope list is the single source; this import pulls in no server code (types only).
export { SCOPES as TOKEN_SCOPES } from '../../server/features/auth/principal.js';

export interface ChannelStatus {
  enabled: boolean;
  reason: string;
  /** The stored switch (setup wizard / telemetry page); environment variables may override it. */
  stored_enabled?: boolean;
  host?: string;
  api_key_set?: boolean;
}

export interface TelemetryStatus {
  product_analytics: ChannelStatus;
  installation_telemetry: ChannelStatus;
  install_id: string;
  counters: Record<string, number>;
  recent_events: unknown[];
}
