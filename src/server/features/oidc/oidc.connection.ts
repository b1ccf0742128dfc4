// The link to the OpenID provider: discovery once (then cached for the life of the process; signing keys are
// refetched by openid-client when the provider rotates them). A provider that is down at start-up must not
// block start-up or password sign-in, so discovery runs in the background and retries with exponential
// back-off; an SSO login attempt in the meantime also tries once more (at most every few seconds) and
// otherwise answers 503 oidc_unavailable.
import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../../app-context.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../http/errors.js';

export interface ConnectionTiming {
  /** First retry delay; doubles after every failure up to maxRetryDelayMs. */
  firstRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** A login attempt triggers its own discovery try only when the last try is at least this old. */
  onDemandIntervalMs: number;
  /** Per discovery request. */
  timeoutSeconds: number;
}

export const DEFAULT_TIMING: ConnectionTiming = {
  firstRetryDelayMs: 1000,
  maxRetryDelayMs: 60_000,
  onDemandIntervalMs: 2000,
  timeoutSeconds: 10,
};

/** ClientSecretBasic unless the provider only advertises client_secret_post (absent list means basic, RFC 8414). */
function secretAuthentication(secret: string): client.ClientAuth {
  const basic = client.ClientSecretBasic(secret);
  const post = client.ClientSecretPost(secret);
  return (as, metadata, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const useBasic = !supported || supported.includes('client_secret_basic') || !supported.includes('client_secret_post');
    (useBasic ? basic : post)(as, metadata, body, headers);
  };
}

/** A one-line reason for logs and the 503 message, without stack or secrets. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  if (cause?.code) return `${error.message}: ${cause.code}`;
  if (cause?.message) return `${error.message}: ${cause.message}`;
  return error.message;
}

export class OidcConnection {
  private configuration: client.Configuration | undefined;
  private inflight: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastAttemptAt = 0;
  private stopped = false;
  /** Why the last discovery failed (for logs, /health and the 503 message). */
  lastError: string | undefined;

  constructor(
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
    private readonly timing: ConnectionTiming = DEFAULT_TIMING,
  ) {}

  get ready(): boolean {
    return this.configuration !== undefined;
  }

  /** The configuration if discovery already succeeded; never waits (logout must not hang on a dead provider). */
  current(): client.Configuration | undefined {
    return this.configuration;
  }

  /** Starts discovery in the background; never throws and never blocks the caller. */
  start(): void {
    void this.attempt();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** The discovered configuration; tries once more when the last try is old enough, else 503 oidc_unavailable. */
  async get(): Promise<client.Configuration> {
    if (this.configuration) return this.configuration;
    if (this.inflight) await this.inflight;
    else if (Date.now() - this.lastAttemptAt >= this.timing.onDemandIntervalMs) await this.attempt();
    if (this.configuration) return this.configuration;
    throw new AppError(
      503,
      'oidc_unavailable',
      `The single sign-on provider cannot be reached right now (${this.lastError ?? 'discovery pending'}). Try again in a minute.`,
      { issuer: this.config.OIDC_ISSUER },
    );
  }

  private attempt(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.lastAttemptAt = Date.now();
    this.inflight = this.discover().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async discover(): Promise<void> {
    const { config } = this;
    const issuer = new URL(config.OIDC_ISSUER!);
    const insecure = issuer.protocol === 'http:';
    const metadata: Partial<client.ClientMetadata> = { [client.clockTolerance]: config.OIDC_CLOCK_TOLERANCE_SECONDS };
    if (config.OIDC_CLIENT_SECRET) metadata.client_secret = config.OIDC_CLIENT_SECRET;
    try {
      const discovered = await client.discovery(
        issuer,
        config.OIDC_CLIENT_ID!,
        metadata,
        config.OIDC_CLIENT_SECRET ? secretAuthentication(config.OIDC_CLIENT_SECRET) : client.None(),
        { execute: insecure ? [client.allowInsecureRequests] : [], timeout: this.timing.timeoutSeconds },
      );
      if (this.stopped) return;
      this.configuration = discovered;
      this.failures = 0;
      this.lastError = undefined;
      const server = discovered.serverMetadata();
      if (insecure) this.log.warn({ issuer: server.issuer }, 'OIDC issuer uses plain http; use https outside of tests');
      this.log.info({ issuer: server.issuer, end_session: Boolean(server.end_session_endpoint) }, 'OIDC provider discovered');
    } catch (error) {
      if (this.stopped) return;
      this.failures += 1;
      this.lastError =
        error instanceof client.ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED'
          ? `the provider reports a different issuer than OIDC_ISSUER=${config.OIDC_ISSUER}`
          : describeNetworkError(error);
      const delay = Math.min(this.timing.firstRetryDelayMs * 2 ** (this.failures - 1), this.timing.maxRetryDelayMs);
      this.log.warn(
        { issuer: config.OIDC_ISSUER, reason: this.lastError, failures: this.failures, retry_in_ms: delay },
        'OIDC discovery failed; password sign-in keeps working, retrying in the background',
      );
      this.retryTimer = setTimeout(() => void this.attempt(), delay);
      this.retryTimer.unref();
    }
  }
}

// One connection per app instance (several can live in one test process).
const connections = new WeakMap<AppContext, OidcConnection>();

export function registerConnection(ctx: AppContext, connection: OidcConnection): void {
  connections.set(ctx, connection);
}

export function connectionOf(ctx: AppContext): OidcConnection | undefined {
  return connections.get(ctx);
}

/** For /health: undefined when SSO is off, else whether the provider's metadata is loaded. */
export function oidcStatus(ctx: AppContext): 'ok' | 'unavailable' | undefined {
  if (!ctx.config.oidcEnabled) return undefined;
  return connections.get(ctx)?.ready ? 'ok' : 'unavailable';
}
