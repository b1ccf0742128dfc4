// The one place that reads process.env. Every variable is declared once here with its schema, default and
// documentation; docs/configuration.md is generated from this table (see config-doc.ts).
import { z } from 'zod';

const TRUE_WORDS = ['true', '1', 'yes', 'on'] as const;
const FALSE_WORDS = ['false', '0', 'no', 'off'] as const;

function isIanaZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

const boolean = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => (TRUE_WORDS as readonly string[]).includes(v) || (FALSE_WORDS as readonly string[]).includes(v))
  .transform((v) => (TRUE_WORDS as readonly string[]).includes(v));

const positiveInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v))
  .transform((v) => v.replace(/\/+$/, ''));

// Issuer identifiers are compared character for character with the provider's metadata, so unlike httpUrl
// this keeps a trailing slash (Authentik's issuers end with one).
const issuerUrl = z
  .string()
  .trim()
  .url()
  .refine((v) => /^https?:\/\//.test(v));

interface VariableSpec<T> {
  schema: z.ZodType<T, string>;
  /** What the variable accepts, as shown in errors and docs. */
  accepts: string;
  description: string;
  /** Default as text (parsed with the schema), or undefined when the variable is optional. */
  default?: string;
  secret?: boolean;
  group: 'Server' | 'Database' | 'Security' | 'Accounts' | 'Time' | 'Analytics' | 'Single sign-on' | 'Monitoring';
}

// Keeps each entry's literal type, so whether a variable has a default shows in the Config type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function v<const S extends VariableSpec<any>>(spec: S): S {
  return spec;
}

const ROUNDING = ['1', '5', '6', '10', '15', '30', '60'] as const;

export const VARIABLES = {
  PORT: v({ group: 'Server', schema: positiveInt(0, 65535), default: '8080', accepts: 'an integer from 0 to 65535', description: 'TCP port the server listens on (0 picks a free port).' }),
  HOST: v({ group: 'Server', schema: z.string().min(1), default: '0.0.0.0', accepts: 'an interface address or host name', description: 'Interface to bind; 0.0.0.0 listens on all IPv4 interfaces.' }),
  BASE_URL: v({ group: 'Server', schema: httpUrl, accepts: 'an absolute http(s) URL without a trailing path, e.g. https://time.example.com', description: 'Public address of the app. Used for OIDC redirects and to decide whether cookies are Secure. Defaults to http://localhost:PORT.' }),
  DATA_DIR: v({ group: 'Server', schema: z.string().min(1), default: './data', accepts: 'a directory path', description: 'Where the SQLite database and the generated secret key live. Created on first start.' }),
  NODE_ENV: v({ group: 'Server', schema: z.enum(['production', 'development', 'test']), default: 'production', accepts: 'production, development or test', description: 'Run mode; reported as `environment` in analytics.' }),
  LOG_LEVEL: v({ group: 'Server', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info', accepts: 'fatal, error, warn, info, debug, trace or silent', description: 'Minimum level of the JSON log lines written to stdout.' }),
  TRUST_PROXY: v({ group: 'Server', schema: z.string().min(1), default: 'false', accepts: 'true/false, a hop count, or a comma-separated list of proxy addresses/CIDRs', description: 'Trust X-Forwarded-* headers from a reverse proxy (needed for client IPs and TLS detection behind nginx/Traefik).' }),
  DEPLOYMENT_METHOD: v({ group: 'Server', schema: z.enum(['docker', 'kubernetes', 'systemd', 'native']), accepts: 'docker, kubernetes, systemd or native', description: 'How this installation runs. Detected automatically when unset (container files, Kubernetes variables, systemd INVOCATION_ID).' }),
  DATABASE_URL: v({ group: 'Database', secret: true, schema: z.string().regex(/^(postgres|postgresql):\/\/.+/), accepts: 'a postgres:// or postgresql:// connection URL', description: 'PostgreSQL connection. Unset means SQLite at DATA_DIR/timetracker.sqlite.' }),
  DATABASE_POOL_SIZE: v({ group: 'Database', schema: positiveInt(1, 200), default: '10', accepts: 'an integer from 1 to 200', description: 'Maximum PostgreSQL connections per process.' }),
  LIVE_HEARTBEAT_SECONDS: v({ group: 'Server', schema: positiveInt(1, 300), default: '25', accepts: 'an integer from 1 to 300', description: 'Interval of the keep-alive comment on live update streams (GET /api/v1/events); keep it below your proxy read timeout.' }),
  LIVE_MAX_STREAMS_PER_USER: v({ group: 'Server', schema: positiveInt(1, 1000), default: '20', accepts: 'an integer from 1 to 1000', description: "Open live update streams per user and process; one more closes that user's oldest stream." }),
  LIVE_MAX_STREAMS: v({ group: 'Server', schema: positiveInt(1, 100000), default: '1000', accepts: 'an integer from 1 to 100000', description: 'Open live update streams per process; one more closes the oldest stream of the process. Each stream holds one socket: keep it below the process file-descriptor limit (ulimit -n, LimitNOFILE) minus room for database connections.' }),
  JOB_TICK_SECONDS: v({ group: 'Server', schema: positiveInt(1, 3600), default: '60', accepts: 'an integer from 1 to 3600', description: 'How often each process checks for due background jobs (e.g. the daily health ping). Every process checks; a lease row in the database lets exactly one of them run each job.' }),
  JOB_LEASE_SECONDS: v({ group: 'Server', schema: positiveInt(1, 86400), default: '600', accepts: 'an integer from 1 to 86400', description: 'How long a process holds a background job it started (and the one-time install ping it is sending; that claim is renewed while it waits). When it dies mid-run, another process takes the job over once this has passed; keep it well above the longest run.' }),
  DELETED_ENTRIES_RETENTION_HOURS: v({ group: 'Server', schema: positiveInt(24, 24 * 365), default: '168', accepts: 'an integer from 24 to 8760', description: 'How long a deleted time entry stays restorable (POST /api/v1/time-entries/restore, the Undo of a delete) before an hourly background job removes it for good. Deleted entries appear nowhere else meanwhile.' }),
  HEAVY_WORK_PER_USER: v({ group: 'Server', schema: positiveInt(1, 100), default: '2', accepts: 'an integer from 1 to 100', description: 'Heavy requests (CSV/XLSX/PDF exports, imports, reports over more than 93 days) one user may run at once in a process; more answer 429 rate_limited with Retry-After. See docs/exports.md.' }),
  HEAVY_WORK_PER_PROCESS: v({ group: 'Server', schema: positiveInt(1, 1000), default: '4', accepts: 'an integer from 1 to 1000', description: 'Heavy requests all users together may run at once in a process (429 beyond). On PostgreSQL it is also held to (DATABASE_POOL_SIZE - 2) / 2, so exports never take the whole pool.' }),
  EXPORT_READER_THREADS: v({ group: 'Server', schema: positiveInt(0, 64), default: '2', accepts: 'an integer from 0 to 64', description: 'Worker threads per process that read the pages of large exports, each with one database connection of its own, started at first use and kept while the process runs; exports beyond them read in the main thread. 0: never.' }),
  EXPORT_STALL_SECONDS: v({ group: 'Server', schema: positiveInt(1, 3600), default: '30', accepts: 'an integer from 1 to 3600', description: 'An export whose client has read nothing for this long is ended, and its database connection, reader thread and heavy-work slot are freed.' }),
  HTTP_HEADERS_TIMEOUT_SECONDS: v({ group: 'Server', schema: positiveInt(1, 3600), default: '20', accepts: 'an integer from 1 to 3600', description: 'A client must send the request line and all headers within this long, or its connection is answered 408 and closed (slow-header attacks).' }),
  HTTP_REQUEST_TIMEOUT_SECONDS: v({ group: 'Server', schema: positiveInt(1, 86400), default: '60', accepts: 'an integer from 1 to 86400, at least HTTP_HEADERS_TIMEOUT_SECONDS', description: 'A client must send its whole request, headers and body, within this long, or its connection is answered 408 and closed (slow-body attacks). Imports upload up to 20 MiB: raise it when users upload over links slower than about 3 Mbit/s.' }),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: v({ group: 'Server', schema: positiveInt(1, 3600), default: '72', accepts: 'an integer from 1 to 3600', description: "A kept-alive connection that sends no new request for this long is closed. Keep it above your reverse proxy's idle timeout for upstream connections (nginx: keepalive_timeout, 60 s by default), so the proxy never reuses a connection the server is just closing." }),
  SECRET_KEY: v({ group: 'Security', schema: z.string().min(32), secret: true, accepts: 'a string of at least 32 characters', description: 'Key for signing and sealing cookies (device cookies, the SSO sign-in cookie); analytics ids come from the installation’s own secret in the database, not from this key. Unset means one is generated once and kept in DATA_DIR/secret.key (mode 0600). Processes sharing a database must share it.' }),
  SESSION_COOKIE_SECURE: v({ group: 'Security', schema: z.enum(['auto', 'true', 'false']), default: 'auto', accepts: 'auto, true or false', description: 'Mark the session cookie Secure. auto: when BASE_URL is https or the request arrived over TLS (directly or through a trusted proxy).' }),
  SESSION_LIFETIME_HOURS: v({ group: 'Security', schema: positiveInt(1, 24 * 365), default: '336', accepts: 'an integer from 1 to 8760', description: 'Idle lifetime of a login session; each use extends it.' }),
  LOGIN_MAX_ATTEMPTS: v({ group: 'Security', schema: positiveInt(1, 1000), default: '10', accepts: 'an integer from 1 to 1000', description: 'Sign-in attempts per account (from browsers without a device cookie for it, over all addresses) and per device cookie before the account or device is locked (429). Each attempt is counted before its password is checked. See docs/deployment.md, Login throttling.' }),
  LOGIN_WINDOW_MINUTES: v({ group: 'Security', schema: positiveInt(1, 1440), default: '15', accepts: 'an integer from 1 to 1440', description: 'Failed attempts are forgotten after this long without attempts and without a lock (or at once after a successful sign-in).' }),
  LOGIN_LOCKOUT_SECONDS: v({ group: 'Security', schema: positiveInt(1, 86400), default: '60', accepts: 'an integer from 1 to 86400', description: 'First lock after LOGIN_MAX_ATTEMPTS; every further failed attempt after a lock doubles it (exponential back-off).' }),
  LOGIN_MAX_LOCKOUT_MINUTES: v({ group: 'Security', schema: positiveInt(1, 10080), default: '1440', accepts: 'an integer from 1 to 10080', description: 'Longest lock the back-off reaches.' }),
  AUTH_METHOD: v({ group: 'Accounts', schema: z.enum(['local', 'oidc', 'both']), default: 'local', accepts: 'local, oidc or both', description: 'Which login methods are offered.' }),
  ALLOW_SELF_REGISTER: v({ group: 'Accounts', schema: boolean, default: 'false', accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'Reserved for self-service sign-up; users are created by an admin or by SSO.' }),
  ADMIN_USERNAME: v({ group: 'Accounts', schema: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/), accepts: '1-64 letters, digits or _ . @ -', description: 'With ADMIN_PASSWORD: create this admin on start when no user exists (headless setup).' }),
  ADMIN_PASSWORD: v({ group: 'Accounts', schema: z.string().min(8), secret: true, accepts: 'a password of at least 8 characters', description: 'Password for ADMIN_USERNAME.' }),
  TZ: v({ group: 'Time', schema: z.string().refine(isIanaZone), default: 'UTC', accepts: 'an IANA time zone such as Europe/Berlin', description: 'Default time zone for new users and reports.' }),
  CURRENCY: v({ group: 'Time', schema: z.string().regex(/^[A-Z]{3}$/), default: 'EUR', accepts: 'a three-letter ISO 4217 code such as EUR', description: 'Currency of rates and billable amounts.' }),
  ROUNDING_MINUTES: v({ group: 'Time', schema: z.enum(ROUNDING).transform(Number), default: '1', accepts: '1, 5, 6, 10, 15, 30 or 60', description: 'Default rounding for new users (each user can change theirs).' }),
  POSTHOG_API_KEY: v({ group: 'Analytics', schema: z.string().min(1), accepts: 'a PostHog project API key', description: 'Unset means nothing is ever sent.' }),
  POSTHOG_HOST: v({ group: 'Analytics', schema: httpUrl, default: 'https://us.i.posthog.com', accepts: 'an http(s) URL', description: 'PostHog host (US or EU cloud, or self-hosted).' }),
  ENABLE_TELEMETRY: v({ group: 'Analytics', schema: boolean, accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'Overrides the stored installation-telemetry consent.' }),
  ANALYTICS_ENABLED: v({ group: 'Analytics', schema: boolean, accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'Overrides the stored product-analytics setting.' }),
  DO_NOT_TRACK: v({ group: 'Analytics', schema: boolean, accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'When true nothing is sent, whatever else is set.' }),
  ANALYTICS_DEBUG: v({ group: 'Analytics', schema: boolean, accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'When true every payload is printed to stderr as one JSON line instead of being sent.' }),
  ANALYTICS_SEND_HOST: v({ group: 'Analytics', schema: boolean, default: 'false', accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'When true product events report the host of BASE_URL (`$host`, and in `$current_url`); off, a fixed placeholder (`timetracker.invalid`) stands in, because an organisation’s internal host name is identifying.' }),
  OIDC_ISSUER: v({ group: 'Single sign-on', schema: issuerUrl, accepts: 'the issuer URL of your OpenID provider exactly as it publishes it, e.g. https://sso.example.com/realms/main', description: 'Required when AUTH_METHOD is oidc or both. Kept verbatim (a trailing slash matters: it must equal the `issuer` of PROVIDER/.well-known/openid-configuration). An http:// issuer is accepted for labs and tests; use https in production.' }),
  OIDC_CLIENT_ID: v({ group: 'Single sign-on', schema: z.string().min(1), accepts: 'a client id', description: 'Client id registered at the provider. Required when AUTH_METHOD is oidc or both.' }),
  OIDC_CLIENT_SECRET: v({ group: 'Single sign-on', schema: z.string().min(1), secret: true, accepts: 'a client secret', description: 'Secret of a confidential client (sent with HTTP Basic, or in the form body when the provider supports only that). Unset means a public client that relies on PKCE alone.' }),
  OIDC_REDIRECT_URI: v({ group: 'Single sign-on', schema: httpUrl, accepts: 'an http(s) URL', description: 'Callback URL registered at the provider, character for character. Defaults to BASE_URL + /api/v1/auth/oidc/callback.' }),
  OIDC_SCOPES: v({ group: 'Single sign-on', schema: z.string().min(1), default: 'openid profile email', accepts: 'space-separated scopes including openid', description: 'Scopes requested from the provider.' }),
  OIDC_USERNAME_CLAIM: v({ group: 'Single sign-on', schema: z.string().min(1), default: 'preferred_username', accepts: 'a claim name', description: 'Claim used as the username of new users.' }),
  OIDC_EMAIL_CLAIM: v({ group: 'Single sign-on', schema: z.string().min(1), default: 'email', accepts: 'a claim name', description: 'Claim holding the e-mail address.' }),
  OIDC_NAME_CLAIM: v({ group: 'Single sign-on', schema: z.string().min(1), default: 'name', accepts: 'a claim name', description: 'Claim holding the full name.' }),
  OIDC_GROUPS_CLAIM: v({ group: 'Single sign-on', schema: z.string().min(1), default: 'groups', accepts: 'a claim name', description: 'Claim holding the group list.' }),
  OIDC_ADMIN_GROUP: v({ group: 'Single sign-on', schema: z.string().min(1), accepts: 'a group name', description: 'Members of this group are admins (granted and removed on each login).' }),
  OIDC_ADMIN_EMAILS: v({ group: 'Single sign-on', schema: z.string().min(1).refine((v) => v.split(',').every((e) => e.trim() === '' || /^[^\s@]+@[^\s@]+$/.test(e.trim()))), accepts: 'comma-separated e-mail addresses', description: 'These users are admins (granted and removed on each login; an address the provider marks email_verified=false never counts).' }),
  OIDC_AUTO_CREATE_USERS: v({ group: 'Single sign-on', schema: boolean, default: 'true', accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'Create an account on first SSO login; when false, only existing users may sign in.' }),
  OIDC_CLOCK_TOLERANCE_SECONDS: v({ group: 'Single sign-on', schema: positiveInt(0, 600), default: '30', accepts: 'an integer from 0 to 600', description: 'Allowed clock difference to the provider when checking ID token times (iat, exp, nbf). Raise it only while fixing NTP on either side.' }),
  OIDC_POST_LOGOUT_REDIRECT_URI: v({ group: 'Single sign-on', schema: httpUrl, accepts: 'an http(s) URL', description: 'Where the provider sends the browser after logout. Defaults to BASE_URL + /login.' }),
  OIDC_BUTTON_LABEL: v({ group: 'Single sign-on', schema: z.string().min(1).max(60), default: 'Sign in with SSO', accepts: '1-60 characters', description: 'Label of the SSO button on the login page.' }),
  METRICS_ENABLED: v({ group: 'Monitoring', schema: boolean, default: 'false', accepts: 'true/false (also 1/0, yes/no, on/off)', description: 'Serve Prometheus metrics at GET /metrics (requests by route, errors by code, database, live streams, jobs, analytics delivery, the process). Off: /metrics is an unknown path like any other. See docs/deployment.md, Metrics.' }),
  METRICS_PORT: v({ group: 'Monitoring', schema: positiveInt(0, 65535), accepts: 'an integer from 0 to 65535, not PORT', description: 'Serve /metrics on this port (on HOST) instead of PORT, which then has no /metrics: keeps the metrics off the reverse proxy. Unset: on PORT. Only with METRICS_ENABLED.' }),
  METRICS_TOKEN: v({ group: 'Monitoring', schema: z.string().regex(/^[\x21-\x7e]{16,512}$/), secret: true, accepts: '16-512 printable ASCII characters without spaces', description: 'When set, /metrics answers only requests with `Authorization: Bearer <token>` (401 otherwise). Only with METRICS_ENABLED.' }),
} as const;

type Variables = typeof VARIABLES;
export type VariableName = keyof Variables;
type Parsed<K extends VariableName> = z.output<Variables[K]['schema']>;
type RawConfig = {
  [K in VariableName]: Variables[K] extends { default: string } ? Parsed<K> : Parsed<K> | undefined;
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface Config extends RawConfig {
  BASE_URL: string;
  OIDC_REDIRECT_URI: string | undefined;
  OIDC_POST_LOGOUT_REDIRECT_URI: string | undefined;
  /** Parsed TRUST_PROXY in the form Fastify's trustProxy option accepts. */
  trustProxy: boolean | number | string[];
  oidcEnabled: boolean;
  localLoginEnabled: boolean;
  oidcAdminEmails: string[];
  /** Raw signs of how the process runs, for analytics' deployment_method when DEPLOYMENT_METHOD is unset. */
  deploymentIndicators: { container: boolean; kubernetes: boolean; systemd: boolean };
}

function describeValue(name: string, raw: string, secret: boolean | undefined): string {
  return secret ? `${name} (value hidden)` : `${name}=${JSON.stringify(raw)}`;
}

/** Parses the environment; throws ConfigError with a one-line message naming the variable. Pure. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(VARIABLES) as [VariableName, VariableSpec<unknown>][]) {
    const given = env[name];
    const raw = given === undefined || given === '' ? spec.default : given;
    if (raw === undefined) {
      out[name] = undefined;
      continue;
    }
    const result = spec.schema.safeParse(raw);
    if (!result.success) {
      throw new ConfigError(name, `Invalid configuration: ${describeValue(name, raw, spec.secret)} is not valid; ${name} accepts ${spec.accepts}.`);
    }
    out[name] = result.data;
  }
  const raw = out as RawConfig;

  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  const baseUrl = raw.BASE_URL ?? `http://localhost:${raw.PORT}`;

  if ((raw.ADMIN_USERNAME === undefined) !== (raw.ADMIN_PASSWORD === undefined)) {
    const missing = raw.ADMIN_USERNAME === undefined ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError(missing, `Invalid configuration: ${missing} is missing; ADMIN_USERNAME and ADMIN_PASSWORD must be set together.`);
  }
  if (raw.HTTP_REQUEST_TIMEOUT_SECONDS < raw.HTTP_HEADERS_TIMEOUT_SECONDS) {
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_SECONDS', `Invalid configuration: HTTP_REQUEST_TIMEOUT_SECONDS=${raw.HTTP_REQUEST_TIMEOUT_SECONDS} is not valid; HTTP_REQUEST_TIMEOUT_SECONDS accepts ${VARIABLES.HTTP_REQUEST_TIMEOUT_SECONDS.accepts} (${raw.HTTP_HEADERS_TIMEOUT_SECONDS}): the headers are part of the request.`);
  }
  if (raw.METRICS_PORT !== undefined && raw.METRICS_PORT !== 0 && raw.METRICS_PORT === raw.PORT) {
    throw new ConfigError('METRICS_PORT', `Invalid configuration: METRICS_PORT=${raw.METRICS_PORT} is not valid; METRICS_PORT accepts ${VARIABLES.METRICS_PORT.accepts} (${raw.PORT}): leave it unset to serve /metrics on PORT.`);
  }
  const oidcEnabled = raw.AUTH_METHOD !== 'local';
  if (oidcEnabled) {
    if (raw.BASE_URL === undefined) {
      throw new ConfigError('BASE_URL', `Invalid configuration: BASE_URL is missing; it is required when AUTH_METHOD is ${raw.AUTH_METHOD} because the provider redirects the browser back to it, and accepts ${VARIABLES.BASE_URL.accepts}.`);
    }
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID'] as const) {
      if (!raw[name]) {
        throw new ConfigError(name, `Invalid configuration: ${name} is missing; it is required when AUTH_METHOD is ${raw.AUTH_METHOD} and accepts ${VARIABLES[name].accepts}.`);
      }
    }
    if (!raw.OIDC_SCOPES.split(/\s+/).includes('openid')) {
      throw new ConfigError('OIDC_SCOPES', `Invalid configuration: OIDC_SCOPES=${JSON.stringify(raw.OIDC_SCOPES)} is not valid; OIDC_SCOPES accepts ${VARIABLES.OIDC_SCOPES.accepts}.`);
    }
  }

  return {
    ...raw,
    BASE_URL: baseUrl,
    OIDC_REDIRECT_URI: raw.OIDC_REDIRECT_URI ?? (oidcEnabled ? `${baseUrl}/api/v1/auth/oidc/callback` : undefined),
    OIDC_POST_LOGOUT_REDIRECT_URI: raw.OIDC_POST_LOGOUT_REDIRECT_URI ?? (oidcEnabled ? `${baseUrl}/login` : undefined),
    trustProxy,
    oidcEnabled,
    localLoginEnabled: raw.AUTH_METHOD !== 'oidc',
    oidcAdminEmails: (raw.OIDC_ADMIN_EMAILS ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    deploymentIndicators: {
      // `container` is set by podman, systemd-nspawn and other OCI runtimes; the variables are only read here.
      container: Boolean(env.container),
      kubernetes: Boolean(env.KUBERNETES_SERVICE_HOST),
      systemd: Boolean(env.INVOCATION_ID),
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string[] {
  const lower = value.trim().toLowerCase();
  // A number is a hop count, also 1 (the documented "one proxy in front"), although 1 is a true word elsewhere;
  // 0 hops and false trust the same: nobody.
  if (/^\d+$/.test(lower) && lower !== '0') return Number(lower);
  if ((TRUE_WORDS as readonly string[]).includes(lower)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(lower)) return false;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(p))) {
    throw new ConfigError('TRUST_PROXY', `Invalid configuration: TRUST_PROXY=${JSON.stringify(value)} is not valid; TRUST_PROXY accepts ${VARIABLES.TRUST_PROXY.accepts}.`);
  }
  return parts;
}
