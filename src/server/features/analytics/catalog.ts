// The analytics catalog: every event TimeTracker may send, its channel, and the only properties that may leave
// the process with it. It is the single source of truth for the code (track() is typed by it, the pipeline
// filters by it), for docs/analytics.md (generated from it) and for the tests. Properties are ids, numbers,
// booleans, enums and lists of known names: there is deliberately no way to declare a free-text string.
import { z } from 'zod';

/** `product`: product analytics (per user). `telemetry`: installation telemetry (per installation). */
export type Channel = 'product' | 'telemetry';

export interface PropertySpec {
  schema: z.ZodType;
  description: string;
}

const prop = <S extends z.ZodType>(schema: S, description: string) => ({ schema, description });

const positiveId = z.number().int().positive().max(2_147_483_647);
const count = z.number().int().min(0).max(1_000_000_000);
/** Versions are constrained to semver shapes so a version property can never carry free text. */
const semver = z
  .string()
  .max(64)
  .regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}(-[0-9A-Za-z.]{1,32})?$/);

export const BUCKETS = ['0', '1', '2-5', '6-20', '21-100', '101-1000', '1000+'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const ENTRY_FIELDS = [
  'project_id',
  'task_id',
  'start_time',
  'end_time',
  'duration_seconds',
  'break_seconds',
  'notes',
  'tags',
  'billable',
] as const;
export const ENTRY_FILTERS = [
  'from',
  'to',
  'project_id',
  'client_id',
  'task_id',
  'tag',
  'billable',
  'user_id',
  'q',
  'timezone',
  'group_by',
] as const;
export const PREFERENCE_FIELDS = [
  'theme',
  'language',
  'timezone',
  'date_format',
  'time_format',
  'week_start',
  'rounding_minutes',
  'rounding_method',
  'standard_hours_per_day',
  'weekly_goal_hours',
  'analytics_opt_out',
] as const;
export const TELEMETRY_CHANNELS = ['installation_telemetry', 'product_analytics'] as const;

/** Every event property, declared once; events list which of them they carry. */
export const PROPERTIES = {
  auth_method: prop(z.enum(['local', 'oidc']), 'How the user signed in: `local` (password) or `oidc` (single sign-on).'),
  signup_method: prop(
    z.enum(['setup', 'local', 'oidc', 'admin']),
    'How the account came to be: `setup` (first admin), `local`, `oidc` (created on first SSO login) or `admin` (created by an admin).',
  ),
  project_id: prop(positiveId, 'Numeric id of the project (never its name).'),
  task_id: prop(positiveId.nullable(), 'Numeric id of the task, or null when none.'),
  task_id_required: prop(positiveId, 'Numeric id of the task (never its name).'),
  client_id: prop(positiveId, 'Numeric id of the client (never its name).'),
  time_entry_id: prop(positiveId, 'Numeric id of the time entry.'),
  has_notes: prop(z.boolean(), 'Whether notes were given (never the notes).'),
  has_tags: prop(z.boolean(), 'Whether tags were given (never their names).'),
  billable: prop(z.boolean(), 'Whether it is billable.'),
  has_client: prop(z.boolean(), 'Whether the project belongs to a client.'),
  has_budget: prop(z.boolean(), 'Whether the project has a budget (in hours or money).'),
  duration_seconds: prop(count, 'Duration in seconds.'),
  entry_source: prop(z.enum(['timer', 'manual', 'import']), 'How the entry was recorded: `timer`, `manual` or `import`.'),
  fields_changed: prop(
    z.array(z.enum(ENTRY_FIELDS)).max(ENTRY_FIELDS.length),
    `Names of the changed fields, from: ${ENTRY_FIELDS.map((f) => `\`${f}\``).join(', ')}.`,
  ),
  action: prop(
    z.enum(['delete', 'set_billable', 'set_project', 'add_tags', 'remove_tags']),
    'The bulk action: `delete`, `set_billable`, `set_project`, `add_tags` or `remove_tags`.',
  ),
  count: prop(count, 'Number of entries affected.'),
  old_status: prop(z.enum(['todo', 'in_progress', 'done']), 'Status before the change.'),
  new_status: prop(z.enum(['todo', 'in_progress', 'done']), 'Status after the change.'),
  group_by: prop(z.enum(['project', 'client', 'user', 'task', 'tag', 'day', 'week', 'month']), 'How the report is grouped.'),
  range_days: prop(count, 'Length of the selected date range in days.'),
  format: prop(z.enum(['csv', 'xlsx', 'pdf']), 'File format: `csv`, `xlsx` or `pdf`.'),
  rows: prop(count, 'Number of rows.'),
  filters: prop(
    z.array(z.enum(ENTRY_FILTERS)).max(ENTRY_FILTERS.length),
    `Names (never values) of the filters applied, from: ${ENTRY_FILTERS.map((f) => `\`${f}\``).join(', ')}.`,
  ),
  duration_ms: prop(count, 'How long it took, in milliseconds.'),
  import_source: prop(
    z.enum(['toggl', 'clockify', 'csv']),
    'Where the file came from: `toggl`, `clockify` or `csv` (this app’s own format).',
  ),
  errors: prop(count, 'Number of rows that could not be imported.'),
  fields: prop(
    z.array(z.enum(PREFERENCE_FIELDS)).max(PREFERENCE_FIELDS.length),
    `Names (never values) of the preferences that changed, from: ${PREFERENCE_FIELDS.map((f) => `\`${f}\``).join(', ')}.`,
  ),
  scopes_count: prop(count, 'Number of scopes granted to the token (never the token).'),
  channel: prop(z.enum(TELEMETRY_CHANNELS), 'Which switch was changed: `installation_telemetry` or `product_analytics`.'),
  enabled: prop(z.boolean(), 'The stored setting after the change.'),
  days_since_signup: prop(count, 'Whole days between the account’s creation and this step.'),
  old_version: prop(semver, 'The version that ran before (semver).'),
  new_version: prop(semver, 'The version running now (semver).'),
  uptime_hours: prop(z.number().min(0).max(1_000_000), 'Hours since this process started (one decimal).'),
  users_bucket: prop(z.enum(BUCKETS), `Number of users, as a bucket: ${BUCKETS.map((b) => `\`${b}\``).join(', ')}.`),
  projects_bucket: prop(z.enum(BUCKETS), 'Number of projects, as a bucket (same buckets).'),
  entries_bucket: prop(z.enum(BUCKETS), 'Number of time entries, as a bucket (same buckets).'),
  invoice_kind: prop(z.enum(['invoice', 'credit_note']), 'An `invoice` or a `credit_note`.'),
  lines_bucket: prop(z.enum(BUCKETS), 'Number of invoice lines, as a bucket (same buckets; never amounts).'),
  currency: prop(z.string().regex(/^[A-Z]{3}$/), 'The invoice’s currency as its ISO 4217 code, e.g. `EUR` (never an amount).'),
  has_tax: prop(z.boolean(), 'Whether the invoice charges any tax.'),
  tax_treatment: prop(
    z.enum(['standard', 'reverse_charge', 'exempt']),
    'The customer’s tax treatment: `standard`, `reverse_charge` or `exempt`.',
  ),
  invoice_format: prop(z.enum(['pdf', 'ubl', 'cii']), 'The document format: `pdf` (Factur-X), `ubl` or `cii` (XRechnung).'),
  invoice_group_by: prop(
    z.enum(['project', 'task', 'day', 'entry']),
    'How tracked time became lines: one per `project`, `task`, `day` or `entry`.',
  ),
} satisfies Record<string, PropertySpec>;

const P = PROPERTIES;
/** What every invoice event carries: sizes, codes and switches, never amounts, numbers, names or addresses. */
const INVOICE_PROPS = {
  kind: P.invoice_kind,
  lines_bucket: P.lines_bucket,
  currency: P.currency,
  has_tax: P.has_tax,
  tax_treatment: P.tax_treatment,
  group_by: P.invoice_group_by,
};

export interface EventSpec {
  description: string;
  channel: Channel;
  /** Accepted from the web UI through POST /api/v1/analytics/events. */
  clientSide: boolean;
  /** Wire name → spec. Only these leave the process. */
  properties: Readonly<Record<string, PropertySpec>>;
}

const product = <const Props extends Record<string, PropertySpec>>(description: string, properties: Props) =>
  ({ description, channel: 'product', clientSide: false, properties }) as const;
const telemetry = <const Props extends Record<string, PropertySpec>>(description: string, properties: Props) =>
  ({ description, channel: 'telemetry', clientSide: false, properties }) as const;

export const EVENTS = {
  'auth.login': product('A user signed in (password or single sign-on).', { auth_method: P.auth_method }),
  'auth.logout': product('A user signed out.', {}),
  'user.signed_up': product(
    'The user’s own start: the setup wizard created them, they signed in for the first time (an account an admin made, or one created by their first SSO login), or they registered. Sent under the new user’s id.',
    { signup_method: P.signup_method },
  ),
  'user.created': product(
    'An admin created an account (sent under the admin’s id; the new user’s first sign-in sends their own `user.signed_up`).',
    {
      signup_method: P.signup_method,
    },
  ),
  'timer.started': product('A timer was started.', {
    project_id: P.project_id,
    task_id: P.task_id,
    has_notes: P.has_notes,
    has_tags: P.has_tags,
    billable: P.billable,
  }),
  'timer.stopped': product('The running timer was stopped and became a time entry.', {
    time_entry_id: P.time_entry_id,
    project_id: P.project_id,
    duration_seconds: P.duration_seconds,
  }),
  'timer.paused': product('The running timer was paused.', { time_entry_id: P.time_entry_id }),
  'timer.resumed': product('The paused timer was resumed.', { time_entry_id: P.time_entry_id }),
  'time_entry.created': product('A time entry was created by hand.', {
    time_entry_id: P.time_entry_id,
    project_id: P.project_id,
    source: P.entry_source,
    duration_seconds: P.duration_seconds,
    has_notes: P.has_notes,
  }),
  'time_entry.updated': product('A time entry was changed.', {
    time_entry_id: P.time_entry_id,
    fields_changed: P.fields_changed,
  }),
  'time_entry.deleted': product('A time entry was deleted.', { time_entry_id: P.time_entry_id }),
  'time_entries.bulk_action': product('A bulk action was applied to several time entries.', { action: P.action, count: P.count }),
  'project.created': product('A project was created.', {
    project_id: P.project_id,
    has_client: P.has_client,
    billable: P.billable,
    has_budget: P.has_budget,
  }),
  'project.archived': product('A project was archived.', { project_id: P.project_id }),
  'project.unarchived': product('A project was made active again.', { project_id: P.project_id }),
  'project.deleted': product('A project was deleted.', { project_id: P.project_id }),
  'client.created': product('A client was created.', { client_id: P.client_id }),
  'client.archived': product('A client was archived.', { client_id: P.client_id }),
  'client.deleted': product('A client was deleted.', { client_id: P.client_id }),
  'task.created': product('A task was created.', { task_id: P.task_id_required, project_id: P.project_id }),
  'task.status_changed': product('A task moved to another status.', {
    task_id: P.task_id_required,
    old_status: P.old_status,
    new_status: P.new_status,
  }),
  'report.viewed': product('A summary report was opened.', { group_by: P.group_by, range_days: P.range_days }),
  'export.completed': product('An export file was produced.', {
    format: P.format,
    rows: P.rows,
    range_days: P.range_days,
    filters: P.filters,
    duration_ms: P.duration_ms,
  }),
  'import.completed': product('A CSV import finished (not a dry run).', {
    source: P.import_source,
    rows: P.rows,
    errors: P.errors,
  }),
  'invoice.created': product('An invoice or credit note draft was created.', INVOICE_PROPS),
  'invoice.issued': product('A draft was issued (numbered, frozen, its entries locked).', INVOICE_PROPS),
  'invoice.paid': product('An issued invoice was marked paid.', INVOICE_PROPS),
  'invoice.voided': product('An issued invoice was voided (its number stays used).', INVOICE_PROPS),
  'invoice.exported': product('An issued invoice was downloaded as a document.', { kind: P.invoice_kind, format: P.invoice_format }),
  'preferences.updated': product('A user changed preferences.', { fields: P.fields }),
  'token.created': product('An API token was created.', { scopes_count: P.scopes_count }),
  'admin.telemetry_toggled': product('An admin changed a stored analytics switch.', { channel: P.channel, enabled: P.enabled }),
  'funnel.onboarding.first_project_created': product('The user created their first project (once per user).', {
    days_since_signup: P.days_since_signup,
  }),
  'funnel.onboarding.first_timer_started': product('The user started their first timer (once per user).', {
    days_since_signup: P.days_since_signup,
  }),
  'funnel.onboarding.first_time_logged': product(
    'The user logged time for the first time: a stopped timer or a manual entry (once per user).',
    {
      days_since_signup: P.days_since_signup,
    },
  ),
  $pageview: {
    description:
      'The web UI showed a page (sent by the browser through POST /api/v1/analytics/events; the server adds the page’s route template, the visit’s `$session_id` and the referrer). Dropped, and counted as suppressed, when the request names no page of the app.',
    channel: 'product',
    clientSide: true,
    properties: {},
  },
  'telemetry.install': telemetry(
    'A new installation ran for the first time with installation telemetry on (once per installation).',
    {},
  ),
  'telemetry.update': telemetry('The installation started with a different version than the last run.', {
    old_version: P.old_version,
    new_version: P.new_version,
  }),
  'telemetry.health': telemetry(
    'Daily heartbeat of the installation (once a day at a jittered time, once per installation even with several processes).',
    {
      uptime_hours: P.uptime_hours,
      users_bucket: P.users_bucket,
      projects_bucket: P.projects_bucket,
      entries_bucket: P.entries_bucket,
    },
  ),
} as const satisfies Record<string, EventSpec>;

export type EventName = keyof typeof EVENTS;
type Events = typeof EVENTS;
export type ProductEventName = { [E in EventName]: Events[E]['channel'] extends 'product' ? E : never }[EventName];
export type TelemetryEventName = Exclude<EventName, ProductEventName>;
export type ClientSideEventName = { [E in EventName]: Events[E]['clientSide'] extends true ? E : never }[EventName];

/** What a caller may pass for an event: its declared properties, each optional, typed by its schema. */
export type EventProperties<E extends EventName> = {
  [K in keyof Events[E]['properties']]?: Events[E]['properties'][K] extends { schema: infer S extends z.ZodType }
    ? z.input<S>
    : never;
};

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(EVENTS, name);
}

export function eventSpec(name: EventName): EventSpec {
  return EVENTS[name];
}

export const CLIENT_SIDE_EVENTS = (Object.keys(EVENTS) as EventName[]).filter((e) => EVENTS[e].clientSide);

// ---- Properties built by the server (not by callers): person, installation, group and context properties ----

const isoInstant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
/** The server's operating system in the vocabulary of `$os` (posthog-js), so both can be compared. */
const platformName = z.enum(['Linux', 'Mac OS X', 'Windows', 'other']);
/** Node's os.platform(), a fixed list (never free text). */
const platformRaw = z.enum([
  'aix',
  'android',
  'darwin',
  'freebsd',
  'haiku',
  'linux',
  'openbsd',
  'netbsd',
  'sunos',
  'win32',
  'cygwin',
  'other',
]);
const platformRelease = z
  .string()
  .regex(/^\d[0-9A-Za-z.+_-]{0,63}$/)
  .refine((v) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(v), 'looks like an IP address');
const deploymentMethod = z.enum(['docker', 'kubernetes', 'systemd', 'native']);
const environment = z.enum(['production', 'development', 'test']);
const nodeVersion = z.string().regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}$/);
/** An IANA time zone name that the runtime knows (so an arbitrary word can never pass as one). */
const ianaZone = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  });

/** Every person is a user or an installation: filter on it to count one kind only. */
const personKind = (kind: 'user' | 'installation') =>
  prop(
    z.enum([kind]),
    `\`${kind}\` on every ${kind} person (the other kind is \`${kind === 'user' ? 'installation' : 'user'}\`); filter on \`person_kind = ${kind}\` to count ${kind}s only.`,
  );

/**
 * User `$identify`: with the user's first product event of each analytics session and of each UTC day (session or
 * API token), at every login, and at once when an admin changes the user's role, sign-in identity or status.
 * Every value describes the moment of the event that caused it.
 */
export const PERSON_PROPERTIES = {
  $set: {
    person_kind: personKind('user'),
    role: prop(z.enum(['admin', 'user']), 'The user’s role.'),
    is_admin: prop(z.boolean(), 'Whether the user is an admin.'),
    is_active: prop(z.boolean(), '`false` once an admin deactivated the account (sent at once), `true` otherwise.'),
    last_login: prop(
      isoInstant,
      'The user’s latest sign-in (ISO 8601 UTC); absent while they never signed in (API token only). Sessions slide, so an active user may not have signed in for weeks.',
    ),
    auth_method: prop(
      z.enum(['local', 'oidc']),
      'How the user signed in: at a login that login’s method, otherwise the method of the session the event came from (for API tokens the latest session’s, else the account’s).',
    ),
    entries_last_7_days: prop(count, 'Time entries started in the 7 days before the event (entries that existed then).'),
    entries_last_30_days: prop(count, 'Time entries started in the 30 days before the event (entries that existed then).'),
    engagement_level: prop(
      z.enum(['new', 'inactive', 'low', 'medium', 'high', 'very_high']),
      'From the account age and the entry counts: `new` (account younger than 7 days), else `inactive` (no entry in 30 days), `low` (fewer than 3 in 7 days), `medium` (3-9), `high` (10-24), `very_high` (25 or more).',
    ),
    preferred_tracking_method: prop(
      z.enum(['timer', 'manual', 'mixed', 'none']),
      'From the last 30 days’ timer and manual entries: `timer` or `manual` when one makes at least 75 %, `mixed` otherwise, `none` without entries.',
    ),
    account_age_days: prop(count, 'Whole days from the account’s creation to the event.'),
  },
  $set_once: {
    first_login: prop(isoInstant, 'The user’s first login (ISO 8601 UTC).'),
    signup_method: PROPERTIES.signup_method,
  },
} satisfies Record<'$set' | '$set_once', Record<string, PropertySpec>>;

/** Installation `$identify`, sent after every telemetry ping. */
export const INSTALLATION_PROPERTIES = {
  $set: {
    person_kind: personKind('installation'),
    current_version: prop(semver, 'Version running now.'),
    current_platform: prop(platformName, 'Operating system, named like `$os`: `Linux`, `Mac OS X`, `Windows` or `other`.'),
    platform_raw: prop(
      platformRaw,
      'Node’s `os.platform()` (`linux`, `darwin`, `win32`, …); tells apart the systems `current_platform` calls `other`.',
    ),
    current_node_version: prop(nodeVersion, 'Node.js version running now.'),
    environment: prop(environment, 'NODE_ENV: `production`, `development` or `test`.'),
    deployment_method: prop(
      deploymentMethod,
      'How it runs: `docker`, `kubernetes`, `systemd` or `native` (DEPLOYMENT_METHOD or detected).',
    ),
    auth_methods_offered: prop(
      z.enum(['local', 'oidc', 'both']),
      'Sign-in methods this installation offers (AUTH_METHOD): `local`, `oidc` or `both`. (A user’s `auth_method` is how that user signed in.)',
    ),
    timezone: prop(ianaZone, 'The instance default time zone (TZ, an IANA name such as `Europe/Berlin`).'),
    last_seen: prop(isoInstant, 'Time of this ping (ISO 8601 UTC).'),
  },
  $set_once: {
    first_seen_version: prop(semver, 'Version of the very first start.'),
    first_seen_platform: prop(platformName, 'Operating system of the very first start (as `current_platform`).'),
    first_seen_node_version: prop(nodeVersion, 'Node.js version of the very first start.'),
  },
} satisfies Record<'$set' | '$set_once', Record<string, PropertySpec>>;

/**
 * `$groupidentify` per group type, sent after every telemetry ping; `key` says what identifies the group. The
 * `version` and `platform` groups are shared by every installation on that version or platform, so they carry
 * only what is true of the whole group; facts of one installation live on the `installation` group (and person).
 */
export const GROUPS = {
  version: {
    key: 'the app version, e.g. `1.4.0`',
    properties: {
      version_number: prop(semver, 'The app version.'),
    },
  },
  platform: {
    key: 'the operating system, named like `$os`: `Linux`, `Mac OS X`, `Windows` or `other`',
    properties: {
      platform_name: prop(platformName, 'The operating system (the key itself).'),
    },
  },
  installation: {
    key: 'the `install_id` (a random UUID)',
    properties: {
      first_seen_version: prop(semver, 'Version of the very first start.'),
      deployment_method: prop(deploymentMethod, 'How it runs.'),
      node_version: prop(nodeVersion, 'Node.js version it runs on now.'),
      platform_release: prop(platformRelease, 'Operating system release, e.g. the Linux kernel version `6.1.0-18-amd64`.'),
      current_version: prop(semver, 'Version running now.'),
    },
  },
} as const;
export type GroupType = keyof typeof GROUPS;

/** Added by the server to every product event. */
export const PRODUCT_CONTEXT = {
  $current_url:
    'The page of the web UI the event came from (the same-origin Referer of the request), as the template of its route in the UI’s route table (`/projects/:id`, `/entries`); a path no route declares is `/:not_found`. Never a query string, fragment or anything else of the path. The host is `timetracker.invalid` unless `ANALYTICS_SEND_HOST=true` (then BASE_URL’s host, an IP address replaced by `redacted-ip`). Absent when the request came from no page of the app (API tokens, scripts); a `$pageview` without one is not sent.',
  $pathname: 'The route template of `$current_url`.',
  $host: 'Only with `ANALYTICS_SEND_HOST=true`: the host of BASE_URL (an IP address is replaced by `redacted-ip`).',
  $session_id:
    'The analytics session (UUIDv7) of the browser visit the request belongs to, kept on the server with the login session; a new one after 30 minutes without a request or 24 hours after it began (posthog-js’s rules). Only on events of a signed-in browser session, never on API-token requests.',
  $referrer:
    '`$pageview` only: `$direct` for the first page view of a visit, else the app’s own origin as in `$current_url`. A third-party referrer is never sent.',
  $referring_domain: '`$pageview` only: `$direct`, or the host of `$referrer`.',
  $browser:
    'Browser as posthog-js names it (`Chrome`, `Mobile Safari`, `Chrome iOS`, `Samsung Internet`, …), mapped from bowser’s parse onto a fixed list; omitted otherwise and for crawlers.',
  $browser_version: 'Browser major.minor version as a number (`17.4`, `124`), as posthog-js reports it.',
  $os: 'Operating system as posthog-js names it (`Windows`, `Mac OS X`, `iOS`, `Android`, `Linux`, `Chrome OS`, …), from a fixed list.',
  $os_version:
    'System version in posthog-js’s format (`17.4.0`, `10.15.7`, Windows `10`/`7`); omitted where posthog-js has none.',
  $device_type: '`Desktop`, `Mobile` or `Tablet` (as posthog-js decides; `Desktop` when nothing says otherwise).',
  environment: 'NODE_ENV of the installation.',
  app_version: 'The app version.',
  deployment_method: '`docker`, `kubernetes`, `systemd` or `native`.',
  $groups: '`{"version": <app version>, "platform": <operating system, named like `$os`>, "installation": <install_id>}`.',
} as const;

/** Added by the server to every telemetry event. */
export const TELEMETRY_CONTEXT = {
  app_version: 'The app version.',
  platform: 'The server’s operating system, named like `$os`: `Linux`, `Mac OS X`, `Windows` or `other`.',
  node_version: 'Node.js version.',
  environment: 'NODE_ENV of the installation.',
  deployment_method: '`docker`, `kubernetes`, `systemd` or `native`.',
  $groups: 'As on product events.',
} as const;

/** Added by posthog-node itself to every payload. */
export const SDK_PROPERTIES = {
  $lib: '`posthog-node`.',
  $lib_version: 'The SDK version.',
  $is_server: '`true`.',
  $geoip_disable: '`true`: PostHog must not derive a location from the sending address.',
} as const;

export const SCHEMAS = { platformName, platformRaw, deploymentMethod, environment, nodeVersion, semver, isoInstant } as const;
