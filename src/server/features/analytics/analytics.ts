// The analytics pipeline of one runtime (the AnalyticsSink the app holds). track()/identifyUser() are
// synchronous and cheap: gate, check against the catalog, add context, push onto a bounded queue — they never
// throw and never wait. A user's first product event of each analytics session and of each UTC day is preceded
// by their $identify (IdentifyMemo remembers which were sent). A single background pump checks each batch again
// (consent, opt-outs), computes the person properties of each $identify as of the moment it was queued, and
// hands the batch to posthog-node, which runs in a thread of its own (sdk-thread.ts) and
// uploads through CaptureTransport. That thread is started only when something is about to be sent on a
// channel that is on, so with consent off, DO_NOT_TRACK or no key posthog-node never exists and no connection
// is opened.
//
// Delivery: every event gets its uuid when it is queued. An upload PostHog did not accept for a passing reason
// (unreachable, timeout, 408, 429, 5xx) goes back to the front of the queue and is tried again after an
// exponential, jittered back-off (backoff.ts) — for up to an hour from its first failure — while the queue stays
// bounded (the oldest are dropped). Other 4xx are final. What is still undelivered when close() runs out of time is
// stored in the database in one statement and sent by the next process to start (outbox.ts).
import fs from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB, UserRow } from '../../db/schema.js';
import { currentContext, requestContext, type RequestContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { getInstallation, type Installation } from '../installation/installation.js';
import { optedOutUserIds, personFacts } from './analytics.queries.js';
import { nextAttemptAt, retryDelay, type BackoffPolicy } from './backoff.js';
import { BoundedQueue } from './bounded-queue.js';
import { EVENTS, isEventName, type EventName, type PropertySpec } from './catalog.js';
import { resolveChannels, type Channels, type ChannelState } from './consent.js';
import { detectDeploymentMethod } from './deployment.js';
import { pageContext, referrerContext, type PageContext, type PageOptions } from './event-context.js';
import { IdentifyMemo } from './identify-memo.js';
import { userDistinctId } from './identity.js';
import {
  installationIdentity,
  platformName,
  platformRawName,
  productBaseProperties,
  telemetryBaseProperties,
  userIdentify,
  type IdentifiedUser,
  type InstallationFacts,
  type OutgoingMessage,
} from './payloads.js';
import { Outbox, type OutboxChannel, type OutboxLease, type StoredEvent } from './outbox.js';
import { accepts, filterEventProperties } from './property-filter.js';
import { planRetries } from './retry-plan.js';
import type { AnalyticsSink, TrackOptions } from './sink.js';
import { SdkThread, type BatchOutcome, type SdkMessage } from './sdk-thread.js';
import { browserContext, type BrowserContext } from './user-agent.js';

export interface AnalyticsOptions {
  /** Queue length that triggers a send right away. */
  flushAt: number;
  /** Longest an event waits in the queue before it is sent. */
  flushIntervalMs: number;
  /** Capacity of the queue; overflow drops the oldest event (counted as dropped). */
  maxQueueSize: number;
  /** Events per HTTP request. */
  maxBatchSize: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** Back-off after the first failed upload (doubles per further failure, jittered; see backoff.ts). */
  retryDelayMs: number;
  /** Cap of the back-off. */
  retryMaxDelayMs: number;
  /** How long an event is retried from its first failed upload; then it counts as failed. */
  retryWindowMs: number;
  /** How long close() may take in all: flushing, then storing what is left in the database. */
  shutdownTimeoutMs: number;
  /** How often the stored switches are re-read (other processes may change them); 0 = never. */
  settingsRefreshMs: number;
  /** Where ANALYTICS_DEBUG lines go. */
  stderr: (line: string) => void;
  fileExists: (path: string) => boolean;
}

export interface AnalyticsCloseOptions {
  /** Milliseconds close() may spend flushing (shutdownTimeoutMs still caps it); ending the upload thread follows. */
  budgetMs?: number;
}

// Uploads cost a fixed amount of CPU each (the SDK's flush, the HTTP request, the opt-out check), so they are
// large (up to 250 events, ~160 kB of JSON) and, at a trickle, bounded in time by the flush interval instead.
export const DEFAULT_ANALYTICS_OPTIONS: AnalyticsOptions = {
  flushAt: 250,
  flushIntervalMs: 5_000,
  maxQueueSize: 1_000,
  maxBatchSize: 250,
  requestTimeoutMs: 2_000,
  retryDelayMs: 1_000,
  retryMaxDelayMs: 60_000,
  retryWindowMs: 3_600_000,
  shutdownTimeoutMs: 2_500,
  settingsRefreshMs: 60_000,
  stderr: (line) => void process.stderr.write(line),
  fileExists: (path) => fs.existsSync(path),
};

export const RECENT_EVENTS = 100;
/** Of close()'s budget, what is kept for storing the undelivered events (one INSERT) after flushing. */
const STORE_RESERVE_MS = 250;

/**
 * queued: accepted onto the queue (including events taken over from the database). sent: accepted by PostHog
 * (2xx). failed: refused by PostHog for good (4xx other than 408/429), or still failing an hour after their first
 * attempt (or their person properties could not be computed). dropped: pushed out by a full queue, or still queued
 * when their channel was switched off. suppressed: withheld by the privacy rules — each undeclared or invalid
 * property removed by the catalog, each event refused for an unknown name, each product event without a
 * signed-in user, and each queued event of a user who opted out before it was sent.
 */
export interface AnalyticsCounters {
  queued: number;
  sent: number;
  failed: number;
  dropped: number;
  suppressed: number;
}

interface QueuedMessage extends OutgoingMessage {
  kind: 'message';
  channel: 'product' | 'telemetry';
  /** The acting user (product events), for the opt-out check right before sending. */
  userId: number | null;
  timestamp: Date;
  /** Given when queued (by us, not the SDK) and kept across retries and restarts: PostHog deduplicates by it. */
  uuid: string;
  /** When its first upload failed (ms): it is retried for retryWindowMs from then. */
  failingSince?: number;
  /** Taken over from the database: its row is deleted once the event has its fate. */
  fromOutbox?: boolean;
  /** Called once PostHog accepted the batch that contained this message (or it was printed, ANALYTICS_DEBUG). */
  onDelivered?: () => void;
  /** Called when the message will not be delivered (dropped, failed, withdrawn): e.g. to release a claim. */
  onDiscard?: () => void;
  /**
   * A user's $identify due with the first event of a visit and day: the IdentifyMemo key forgotten when it is
   * given up (failed, dropped), so that the user's next event identifies again. Unlike onDiscard it does not
   * keep the message out of the database at shutdown: the memo lives only as long as this process.
   */
  memoKey?: string | undefined;
}

/** What a caller of enqueueTelemetryPing may wait for: the fate of the ping event itself. */
export interface DeliveryHooks {
  onDelivered?: () => void;
  onDiscard?: () => void;
}

interface QueuedIdentify {
  kind: 'identify';
  channel: 'product';
  userId: number;
  distinctId: string;
  /** The user as the request saw them; the rest of the person properties is computed as of `timestamp`. */
  user: IdentifiedUser;
  /** How the user signed in, when a login caused this identify. */
  authMethod?: 'local' | 'oidc' | undefined;
  /** The request's login session (its sign-in method is the user's `auth_method`), when it was the user's own. */
  sessionIdHash?: string | undefined;
  timestamp: Date;
  /** The IdentifyMemo key it was claimed under; forgotten when it is given up (see QueuedMessage.memoKey). */
  memoKey?: string | undefined;
  /** The uuid of the $identify built from it (kept across retries and in the database: PostHog dedupes by it). */
  uuid: string;
}

type QueueItem = QueuedMessage | QueuedIdentify;
/** What enqueue() takes: the uuid is given there when the caller has none. */
type NewQueueItem = (Omit<QueuedMessage, 'uuid'> | Omit<QueuedIdentify, 'uuid'>) & { uuid?: string };

export interface AnalyticsDeps {
  db: Kysely<DB>;
  config: Config;
  version: string;
  installation: Installation;
  options?: Partial<AnalyticsOptions>;
}

export interface AnalyticsStatus {
  product: ChannelState & { host: string; apiKeySet: boolean };
  installation: ChannelState;
  installId: string;
  debug: boolean;
  counters: AnalyticsCounters;
  delivery: DeliveryStatus;
  recentEvents: Record<string, unknown>[];
  lastError: string | null;
}

/** How delivery is going: what waits for a retry, and what came back from the database. */
export interface DeliveryStatus {
  /** Queued events whose upload failed and that wait for their next attempt. */
  retrying: number;
  /** When the next attempt is due while uploads fail (back-off), else null. */
  nextAttemptAt: Date | null;
  /** Events stored in the database at an earlier shutdown that this process took over (counted in queued too). */
  resumed: number;
}

const UA_CACHE_SIZE = 256;
const PAGE_CACHE_SIZE = 1_024;
const DISTINCT_ID_CACHE_SIZE = 10_000;
/** (user, analytics session) pairs of the current UTC day already identified; beyond it, one identify too many. */
const IDENTIFY_MEMO_SIZE = 10_000;

export class Analytics implements AnalyticsSink {
  readonly facts: InstallationFacts;
  /** Context of every product event that does not depend on the request (computed once). */
  private readonly productBase: Record<string, unknown>;
  private readonly pageOptions: PageOptions;
  readonly options: AnalyticsOptions;
  readonly counters: AnalyticsCounters = { queued: 0, sent: 0, failed: 0, dropped: 0, suppressed: 0 };
  private readonly db: Kysely<DB>;
  private readonly config: Config;
  private readonly analyticsSecret: string;
  private stored: { telemetryConsent: boolean; productAnalytics: boolean };
  private channelState: Channels;
  private readonly queue: BoundedQueue<QueueItem>;
  private readonly recent = new BoundedQueue<Record<string, unknown>>(RECENT_EVENTS);
  /** Users identified during a request without a signed-in principal yet (the login request itself). */
  private readonly actingUsers = new WeakMap<RequestContext, UserRow>();
  private readonly uaCache = new Map<string, BrowserContext>();
  private readonly pageCache = new Map<string, PageContext | undefined>();
  private readonly distinctIds = new Map<number, string>();
  private readonly identified = new IdentifyMemo(IDENTIFY_MEMO_SIZE);
  /** posthog-node, in a thread of its own; started with the first batch. */
  private sdk: SdkThread | undefined;
  private pumping: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private closed = false;
  private lastError: string | null = null;
  /** Messages handed to the SDK whose delivery someone waits for, by uuid. */
  private readonly awaitingDelivery = new Map<string, QueuedMessage>();
  /** Called when the installation channel turns on (the install ping may be due); awaited by refreshSettings. */
  onInstallationChannelEnabled: (() => Promise<void>) | undefined;
  /** Work that must finish before the database closes (e.g. releasing the install claim). */
  private readonly settling = new Set<Promise<unknown>>();
  private readonly backoff: BackoffPolicy;
  /** Uploads that failed in a row (for the back-off); 0 once one is accepted. */
  private failures = 0;
  /** No upload before this (ms), except by flush(): PostHog is failing and is not hammered meanwhile. */
  private retryAt = 0;
  /** The batch being uploaded: at shutdown it is stored with the queue. */
  private inFlight: QueuedMessage[] | undefined;
  private readonly outbox: Outbox;
  private resuming: Promise<number> | undefined;
  private resumed = 0;

  constructor(deps: AnalyticsDeps) {
    this.db = deps.db;
    this.config = deps.config;
    this.options = { ...DEFAULT_ANALYTICS_OPTIONS, ...deps.options };
    this.queue = new BoundedQueue(this.options.maxQueueSize);
    this.backoff = {
      baseDelayMs: this.options.retryDelayMs,
      maxDelayMs: this.options.retryMaxDelayMs,
      retryWindowMs: this.options.retryWindowMs,
    };
    this.outbox = new Outbox(deps.db);
    const row = deps.installation;
    this.analyticsSecret = row.analytics_secret;
    this.stored = { telemetryConsent: row.telemetry_consent === 1, productAnalytics: row.product_analytics_enabled === 1 };
    this.channelState = this.resolve();
    this.facts = {
      installId: row.install_id,
      version: deps.version,
      platform: platformName(os.type()),
      platformRaw: platformRawName(os.platform()),
      platformRelease: os.release(),
      nodeVersion: process.versions.node,
      environment: deps.config.NODE_ENV,
      deploymentMethod: detectDeploymentMethod(deps.config, this.options.fileExists),
      authMethod: deps.config.AUTH_METHOD,
      timezone: deps.config.TZ,
      firstSeen: { version: row.first_seen_version, platform: row.first_seen_platform, nodeVersion: row.first_seen_node_version },
    };
    this.productBase = productBaseProperties(this.facts);
    this.pageOptions = { baseUrl: deps.config.BASE_URL, sendHost: deps.config.ANALYTICS_SEND_HOST === true };
    if (this.options.settingsRefreshMs > 0 && this.config.POSTHOG_API_KEY && !this.config.DO_NOT_TRACK) {
      this.refreshTimer = setInterval(() => void this.refreshSettings().catch(() => undefined), this.options.settingsRefreshMs);
      this.refreshTimer.unref();
    }
  }

  get storedSwitches(): { telemetryConsent: boolean; productAnalytics: boolean } {
    return { ...this.stored };
  }

  get channels(): Channels {
    return this.channelState;
  }

  /** Whether posthog-node has been constructed (never, while no channel is on). */
  get sdkConstructed(): boolean {
    return this.sdk !== undefined;
  }

  get queueLength(): number {
    return this.queue.length;
  }

  /** Closed: nothing is queued or sent any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  distinctIdOf(userId: number): string {
    let id = this.distinctIds.get(userId);
    if (id === undefined) {
      id = userDistinctId(this.analyticsSecret, userId);
      if (this.distinctIds.size >= DISTINCT_ID_CACHE_SIZE) this.distinctIds.clear();
      this.distinctIds.set(userId, id);
    }
    return id;
  }

  // ---- AnalyticsSink ----

  track(event: string, properties: Record<string, unknown> = {}, options: TrackOptions = {}): void {
    try {
      if (!this.channelState.product.enabled && !this.channelState.installation.enabled) return;
      if (!isEventName(event)) {
        this.counters.suppressed++;
        return;
      }
      if (EVENTS[event].channel === 'telemetry') {
        this.enqueueTelemetryPing(event, properties);
        return;
      }
      this.trackProduct(event, properties, options);
    } catch (error) {
      this.noteError(error);
    }
  }

  /**
   * Queues the user's $identify now, whatever was sent before: at a login (`authMethod`: how they signed in), or
   * when an admin changed their role, sign-in identity or status.
   */
  identifyUser(user: UserRow, authMethod?: 'local' | 'oidc'): void {
    try {
      const context = currentContext();
      if (context && !context.principal) this.actingUsers.set(context, user);
      if (!this.channelState.product.enabled || user.analytics_opt_out === 1) return;
      const timestamp = new Date();
      // A login's own events that follow need no second identify: this visit and day count as identified.
      const key = authMethod ? this.identified.claim(user.id, context?.analyticsSessionId, timestamp.getTime()) : undefined;
      this.enqueueIdentify(user, timestamp, authMethod, key);
    } catch (error) {
      this.noteError(error);
    }
  }

  private enqueueIdentify(
    user: UserRow,
    timestamp: Date,
    authMethod: 'local' | 'oidc' | undefined,
    memoKey: string | undefined,
  ): void {
    const principal = currentContext()?.principal;
    this.enqueue({
      kind: 'identify',
      channel: 'product',
      userId: user.id,
      distinctId: this.distinctIdOf(user.id),
      user: {
        id: user.id,
        role: user.role,
        active: user.active,
        created_at: user.created_at,
        first_login_at: user.first_login_at,
        last_login_at: user.last_login_at,
        signup_method: user.signup_method,
      },
      authMethod,
      sessionIdHash: principal?.via === 'session' && principal.user.id === user.id ? principal.sessionIdHash : undefined,
      timestamp,
      memoKey,
    });
  }

  // ---- product events ----

  private trackProduct(event: EventName, input: Record<string, unknown>, options: TrackOptions): void {
    if (!this.channelState.product.enabled) return;
    const context = currentContext();
    const user = options.user ?? context?.principal?.user ?? (context ? this.actingUsers.get(context) : undefined) ?? null;
    // No signed-in user (e.g. a page view on the login page): dropped, never sent under a throw-away id. Such a
    // visitor cannot opt out, and a random id per event would count as a new "user" each time.
    if (!user) {
      this.counters.suppressed++;
      return;
    }
    if (user.analytics_opt_out === 1) return;
    const page = context ? this.pageOf(context.url, context.referer) : undefined;
    if (event === '$pageview' && !page) {
      this.counters.suppressed++; // no page of this app to report (cross-origin or missing Referer)
      return;
    }
    const { properties, suppressed } = filterEventProperties(event, withoutNulls(input, event));
    this.counters.suppressed += suppressed.length;
    // Object.assign, not `{ ...a, ...b, ... }`: on this V8 a literal with several spreads of these shapes falls to
    // a slow path (~10 µs here against ~0.4 µs), which was most of track()'s cost.
    const enriched: Record<string, unknown> = Object.assign(
      {},
      properties,
      page,
      context ? this.browserOf(context.userAgent) : undefined,
      this.productBase,
    );
    // The visit's $session_id goes on the events of its own user only (not on an event about someone else). A
    // request without a principal that has a visit has just signed its user in (login, setup, SSO callback).
    const ownVisit = context?.analyticsSessionId && (!context.principal || context.principal.user.id === user.id);
    if (ownVisit) enriched.$session_id = context.analyticsSessionId;
    if (event === '$pageview') Object.assign(enriched, referrerContext(options.referrer !== 'internal', this.pageOptions));
    const timestamp = new Date();
    // The first event of this user's analytics session (none for API tokens) or UTC day brings their person
    // properties along, so they stay fresh although sessions slide and a user may never sign in again.
    const memoKey = this.identified.claim(user.id, ownVisit ? context?.analyticsSessionId : undefined, timestamp.getTime());
    if (memoKey !== undefined) this.enqueueIdentify(user, timestamp, undefined, memoKey);
    this.enqueue({
      kind: 'message',
      channel: 'product',
      userId: user.id,
      distinctId: this.distinctIdOf(user.id),
      event,
      properties: enriched,
      timestamp,
    });
  }

  /** Whether a request names a page of this app that product analytics would report now. */
  canReportPage(context: Pick<RequestContext, 'url' | 'referer'>): boolean {
    return this.channelState.product.enabled && this.pageOf(context.url, context.referer) !== undefined;
  }

  /** Page context, memoized: the same few URLs and Referers come back again and again. */
  private pageOf(url: string, referer: string | undefined): PageContext | undefined {
    const key = `${url}\n${referer ?? ''}`;
    if (this.pageCache.has(key)) return this.pageCache.get(key);
    const page = pageContext({ url, referer }, this.pageOptions);
    if (this.pageCache.size >= PAGE_CACHE_SIZE) this.pageCache.clear();
    this.pageCache.set(key, page);
    return page;
  }

  private browserOf(userAgent: string | undefined): BrowserContext {
    if (!userAgent) return {};
    let parsed = this.uaCache.get(userAgent);
    if (!parsed) {
      parsed = browserContext(userAgent);
      if (this.uaCache.size >= UA_CACHE_SIZE) this.uaCache.clear();
      this.uaCache.set(userAgent, parsed);
    }
    return parsed;
  }

  // ---- installation telemetry ----

  /**
   * A telemetry event followed by the installation $identify and three $groupidentify. `hooks.onDelivered` runs
   * once PostHog accepted the batch holding the event itself, `hooks.onDiscard` if it will not be delivered
   * (queue overflow, channel switched off, failed upload, shutdown); exactly one of them runs.
   */
  enqueueTelemetryPing(event: EventName, input: Record<string, unknown> = {}, hooks?: DeliveryHooks): boolean {
    if (this.closed || !this.channelState.installation.enabled || EVENTS[event].channel !== 'telemetry') return false;
    const messages = this.buildTelemetryPing(event, input);
    messages.forEach((message, i) => {
      const watched = i === 0 && hooks ? { onDelivered: hooks.onDelivered, onDiscard: hooks.onDiscard } : {};
      this.enqueue({ kind: 'message', channel: 'telemetry', userId: null, timestamp: new Date(), ...message, ...watched });
    });
    return true;
  }

  /** Keeps track of background work the shutdown must wait for. */
  settle<T>(promise: Promise<T>): Promise<T> {
    const tracked = promise.finally(() => this.settling.delete(tracked));
    this.settling.add(tracked);
    return tracked;
  }

  /** The messages of a telemetry ping, as they would be queued (also used by `telemetry preview`). */
  buildTelemetryPing(event: EventName, input: Record<string, unknown> = {}, now = nowSeconds()): OutgoingMessage[] {
    const { properties, suppressed } = filterEventProperties(event, input);
    const identity = installationIdentity(this.facts, now);
    this.counters.suppressed += suppressed.length + identity.suppressed;
    return [
      { distinctId: this.facts.installId, event, properties: { ...properties, ...telemetryBaseProperties(this.facts) } },
      ...identity.messages,
    ];
  }

  // ---- queue and pump ----

  private enqueue(input: NewQueueItem): void {
    if (this.closed) return;
    const item = input as QueueItem;
    item.uuid ??= randomUUID();
    this.counters.queued++;
    const pushed = this.queue.push(item);
    if (pushed.evicted) this.drop(pushed.item);
    this.schedule();
  }

  /** An event leaves the queue without being sent: counted as dropped, its hooks told, its stored row deleted. */
  private drop(item: QueueItem): void {
    this.counters.dropped++;
    this.settleItem(item);
  }

  /**
   * An event is given up (never called for one that was delivered): whoever waits for it learns so, an $identify's
   * memo key is forgotten (the user's next event identifies again), its stored row goes.
   */
  private settleItem(item: QueueItem): void {
    discard(item);
    if (item.memoKey !== undefined) {
      this.identified.forget(item.memoKey);
      item.memoKey = undefined;
    }
    if (item.kind === 'message' && item.fromOutbox) this.outbox.forget(item.uuid);
  }

  private schedule(): void {
    if (this.closed || this.pumping || this.queue.length === 0) return;
    // Timers are created outside any request's context: the pump belongs to no request, and would otherwise run
    // in (and keep alive) the context of whichever request enqueued the event that started it.
    const backingOff = this.retryAt - Date.now();
    if (backingOff > 0) {
      // PostHog is failing: nothing is tried before the back-off is over, however much is queued meanwhile.
      this.timer ??= requestContext.exit(() =>
        setTimeout(() => {
          this.timer = undefined;
          this.startPump(true);
        }, backingOff).unref(),
      );
    } else if (this.queue.length >= this.options.flushAt) {
      this.immediate ??= requestContext.exit(() =>
        setImmediate(() => {
          this.immediate = undefined;
          this.startPump();
        }),
      );
    } else if (!this.timer) {
      this.timer = requestContext.exit(() =>
        setTimeout(() => {
          this.timer = undefined;
          this.startPump(true);
        }, this.options.flushIntervalMs).unref(),
      );
    }
  }

  private startPump(all = false): void {
    if (this.pumping || this.closed) return;
    this.clearScheduled();
    this.pumping = this.drain(all)
      .catch((error: unknown) => this.noteError(error))
      .finally(() => {
        this.pumping = undefined;
        this.schedule();
      });
  }

  /**
   * Sends one batch, then more only while a batch's worth (flushAt) is waiting — or everything when `all` (flush,
   * shutdown, the interval timer). Without that, a steady trickle of events would go out as many tiny uploads.
   * Stops at the first upload that failed: the rest waits for the back-off.
   */
  private async drain(all: boolean): Promise<void> {
    do {
      if (!(await this.sendBatch(this.queue.take(this.options.maxBatchSize)))) return;
    } while (!this.closed && (all ? this.queue.length > 0 : this.queue.length >= this.options.flushAt));
  }

  /** Checks and uploads one batch; false when PostHog could not take it now (it is queued again for a retry). */
  private async sendBatch(batch: QueueItem[]): Promise<boolean> {
    // Consent may have been withdrawn and users may have opted out since these were queued: check again.
    const productUsers = [
      ...new Set(batch.filter((i) => i.channel === 'product' && i.userId !== null).map((i) => i.userId as number)),
    ];
    let optedOut = new Set<number>();
    let optOutUnknown = false;
    try {
      if (productUsers.length > 0) optedOut = await optedOutUserIds(this.db, productUsers);
    } catch (error) {
      // Without a fresh answer a user's events are not sent (privacy first); they count as failed.
      optOutUnknown = true;
      this.noteError(error);
    }
    const messages: QueuedMessage[] = [];
    for (const item of batch) {
      const channel = item.channel === 'product' ? this.channelState.product : this.channelState.installation;
      if (!channel.enabled) {
        this.drop(item);
        continue;
      }
      if (item.userId !== null && optOutUnknown) {
        this.counters.failed++;
        this.settleItem(item);
        continue;
      }
      if (item.userId !== null && optedOut.has(item.userId)) {
        this.counters.suppressed++;
        this.settleItem(item);
        continue;
      }
      if (item.kind === 'message') {
        messages.push(item);
        continue;
      }
      try {
        // As of the moment the identify was queued (the event that caused it), not of this upload.
        const asOf = Math.floor(item.timestamp.getTime() / 1000);
        const person = await personFacts(this.db, item.userId, asOf, item.sessionIdHash);
        const built = userIdentify(this.facts, item.distinctId, item.user, item.authMethod, person, asOf);
        this.counters.suppressed += built.suppressed;
        // Built once: a retry (or the next process, from the database) sends these very messages, uuids and
        // person properties included. The memo key goes with the $identify, forgotten should it be given up.
        built.messages.forEach((message, i) =>
          messages.push({
            ...message,
            kind: 'message',
            channel: 'product',
            userId: item.userId,
            timestamp: item.timestamp,
            uuid: i === 0 ? item.uuid : randomUUID(),
            ...(i === 0 && item.memoKey !== undefined ? { memoKey: item.memoKey } : {}),
          }),
        );
      } catch (error) {
        this.counters.failed++;
        this.settleItem(item);
        this.noteError(error);
      }
    }
    if (messages.length === 0) return true;
    for (const m of messages) if (m.onDelivered || m.onDiscard) this.awaitingDelivery.set(m.uuid, m);
    this.inFlight = messages;
    // Only what posthog-node needs crosses to the thread (the delivery hooks stay here, keyed by uuid).
    const outcome = await this.ensureSdk().send(messages.map(toSdkMessage));
    this.inFlight = undefined;
    this.record(outcome);
    // Cut off by close(): what was not accepted is stored in the database (or released) there.
    if (this.closed) return false;
    return this.afterUpload(messages, outcome);
  }

  /**
   * What PostHog did not accept is put back in front of the queue for a retry after a back-off, or counted as
   * failed (retry-plan.ts). Returns false when a retry is due (the pump waits for the back-off).
   */
  private afterUpload(messages: QueuedMessage[], outcome: BatchOutcome): boolean {
    const now = Date.now();
    const accepted = outcome.accepted.flatMap((a) => a.uuids);
    const plan = planRetries(messages, { accepted, rejected: outcome.rejected }, now, this.backoff.retryWindowMs);
    for (const m of plan.delivered) if (m.fromOutbox) this.outbox.forget(m.uuid);
    for (const m of plan.failed) {
      this.counters.failed++;
      this.awaitingDelivery.delete(m.uuid);
      this.settleItem(m);
    }
    for (const m of plan.retry) this.awaitingDelivery.delete(m.uuid); // set again when it is sent again
    if (plan.oldestFailure === null) {
      if (plan.delivered.length > 0) this.failures = 0;
      this.retryAt = 0;
      return true;
    }
    this.failures++;
    const state = { failures: this.failures, failingSince: plan.oldestFailure, now };
    this.retryAt = nextAttemptAt(this.backoff, state, Math.random) ?? now + retryDelay(this.backoff, this.failures, Math.random);
    for (const m of this.queue.pushFront(plan.retry)) this.drop(m);
    return false;
  }

  /** What the analytics thread reports of a batch: deliveries, the events as sent, debug lines, errors. */
  private record(outcome: BatchOutcome): void {
    for (const line of outcome.printed) this.options.stderr(line);
    for (const event of outcome.sent) this.recent.push(event);
    for (const { count, uuids, how } of outcome.accepted) this.accepted(count, uuids, how);
    if (outcome.errors.length > 0) this.lastError = outcome.errors.at(-1)!;
  }

  /** An upload PostHog accepted (or that was printed): counts it and tells whoever waits for one of its events. */
  private accepted(count: number, uuids: string[], how: 'delivered' | 'printed'): void {
    if (how === 'delivered') this.counters.sent += count;
    if (this.awaitingDelivery.size === 0) return;
    for (const uuid of uuids) {
      const message = this.awaitingDelivery.get(uuid);
      if (!message) continue;
      this.awaitingDelivery.delete(uuid);
      const onDelivered = message.onDelivered;
      message.onDelivered = undefined;
      message.onDiscard = undefined; // delivered: exactly one of the two runs
      onDelivered?.();
    }
  }

  private ensureSdk(): SdkThread {
    if (this.sdk && !this.sdk.isStopped) return this.sdk;
    const { options, config } = this;
    this.sdk = new SdkThread({
      apiKey: config.POSTHOG_API_KEY as string,
      host: config.POSTHOG_HOST,
      debug: config.ANALYTICS_DEBUG === true,
      requestTimeoutMs: options.requestTimeoutMs,
      maxBatchSize: options.maxBatchSize,
      recentEvents: RECENT_EVENTS,
    });
    return this.sdk;
  }

  /**
   * Sends everything queued now — at once, even while backing off — and waits for it, and for what delivery set
   * off (e.g. recording the install ping). While PostHog fails it returns after one attempt: the events stay
   * queued for their retries.
   */
  async flush(): Promise<void> {
    let attempted = false;
    for (;;) {
      if (this.pumping) {
        await this.pumping;
        continue;
      }
      if (this.queue.length === 0 || this.closed || (attempted && this.retryAt > Date.now())) break;
      attempted = true;
      this.startPump(true);
    }
    await Promise.allSettled([...this.settling]);
  }

  // ---- events stored at shutdown ----

  /**
   * Lets this process take over events stored at a shutdown (by any process); `lease` identifies it in the claims.
   * Call resumeStored() then, and on every job tick.
   */
  startOutbox(lease: OutboxLease): void {
    this.outbox.start(lease);
  }

  /**
   * Takes over stored events of the channels that are on, as many as the queue has room for, and queues them with
   * their uuid and timestamp (opt-outs are checked again when they are sent). What was stored for a channel that is
   * off — whatever the reason: consent withdrawn, ANALYTICS_ENABLED=false, DO_NOT_TRACK, no key — is deleted: it
   * must never be sent. Resolves to how many were taken over.
   */
  resumeStored(): Promise<number> {
    if (this.closed || !this.outbox.started) return Promise.resolve(0);
    this.resuming ??= this.settle(this.resumeOnce())
      .catch((error: unknown) => {
        this.noteError(error);
        return 0;
      })
      .finally(() => (this.resuming = undefined));
    return this.resuming;
  }

  private async resumeOnce(): Promise<number> {
    const channels: OutboxChannel[] = [];
    for (const [state, channel] of [
      [this.channelState.product, 'product'],
      [this.channelState.installation, 'telemetry'],
    ] as const) {
      if (state.enabled) channels.push(channel);
      else this.counters.dropped += await this.outbox.purge(channel);
    }
    const room = this.options.maxQueueSize - this.queue.length - (this.inFlight?.length ?? 0);
    const events = await this.outbox.claim(channels, room);
    if (this.closed) {
      await this.outbox.store(events); // closed meanwhile: stored again unclaimed, for the next process
      return 0;
    }
    for (const e of events) {
      this.enqueue({
        kind: 'message',
        channel: e.channel,
        userId: e.userId,
        distinctId: e.distinctId,
        event: e.event,
        properties: e.properties,
        timestamp: e.timestamp,
        uuid: e.uuid,
        ...(e.failingSince === undefined ? {} : { failingSince: e.failingSince }),
        fromOutbox: true,
      });
    }
    this.resumed += events.length;
    return events.length;
  }

  /**
   * At shutdown: stores the undelivered events (in flight, then queued, oldest first; at most a queue's worth) in
   * one statement. Not stored, counted as dropped: a $identify whose person properties were not computed yet (no
   * time for queries here; the memo ends with this process, so the next one identifies the user with their first
   * event anyway), and an event whose delivery someone waits for (the install ping: its claim is released, so the
   * next start claims and sends it afresh — stored as well, it would be sent twice). A built $identify is stored
   * like any event (its memo key only mattered to this process): it arrives with the events that followed it.
   */
  private async storeUndelivered(items: QueueItem[]): Promise<void> {
    const events: StoredEvent[] = [];
    for (const item of items) {
      const channel = item.channel === 'product' ? this.channelState.product : this.channelState.installation;
      if (item.kind !== 'message' || item.onDelivered || item.onDiscard || !channel.enabled) {
        this.awaitingDelivery.delete(item.uuid);
        this.drop(item);
        continue;
      }
      events.push({
        uuid: item.uuid,
        channel: item.channel,
        userId: item.userId,
        distinctId: item.distinctId,
        event: item.event,
        properties: item.properties,
        timestamp: item.timestamp,
        failingSince: item.failingSince,
      });
    }
    const excess = Math.max(0, events.length - this.options.maxQueueSize);
    this.counters.dropped += excess;
    await this.outbox.store(events.slice(excess));
  }

  // ---- switches ----

  private resolve(): Channels {
    const c = this.config;
    return resolveChannels({
      apiKeySet: Boolean(c.POSTHOG_API_KEY),
      doNotTrack: c.DO_NOT_TRACK === true,
      debug: c.ANALYTICS_DEBUG === true,
      telemetryOverride: c.ENABLE_TELEMETRY,
      productOverride: c.ANALYTICS_ENABLED,
      storedTelemetryConsent: this.stored.telemetryConsent,
      storedProductAnalytics: this.stored.productAnalytics,
    });
  }

  /** Re-reads the stored switches (after the admin changed them, here or in another process) and applies them. */
  async refreshSettings(): Promise<Channels> {
    if (this.closed) return this.channelState;
    const row = await getInstallation(this.db);
    const { channels, installationTurnedOn } = this.applyStored({
      telemetryConsent: row.telemetry_consent === 1,
      productAnalytics: row.product_analytics_enabled === 1,
    });
    if (installationTurnedOn && this.onInstallationChannelEnabled)
      await this.settle(this.onInstallationChannelEnabled()).catch((e: unknown) => this.noteError(e));
    return channels;
  }

  private applyStored(stored: { telemetryConsent: boolean; productAnalytics: boolean }): {
    channels: Channels;
    installationTurnedOn: boolean;
  } {
    const before = this.channelState;
    this.stored = stored;
    const after = this.resolve();
    this.channelState = after;
    for (const [name, channel] of [
      ['product', 'product'],
      ['installation', 'telemetry'],
    ] as const) {
      if (before[name].enabled && !after[name].enabled) {
        this.queue.removeWhere((item) => {
          if (item.channel !== channel) return false;
          this.drop(item);
          return true;
        });
      }
    }
    if (!after.product.enabled && !after.installation.enabled) this.releaseSdk();
    return { channels: after, installationTurnedOn: !before.installation.enabled && after.installation.enabled };
  }

  /** No channel is on any more: the analytics thread goes (what it is uploading now is not waited for). */
  private releaseSdk(): void {
    const sdk = this.sdk;
    this.sdk = undefined;
    if (sdk) void sdk.terminate().catch(() => undefined);
  }

  status(): AnalyticsStatus {
    return {
      product: { ...this.channelState.product, host: this.config.POSTHOG_HOST, apiKeySet: Boolean(this.config.POSTHOG_API_KEY) },
      installation: this.channelState.installation,
      installId: this.facts.installId,
      debug: this.config.ANALYTICS_DEBUG === true,
      counters: { ...this.counters },
      delivery: {
        retrying: this.queue.toArray().filter((i) => i.kind === 'message' && i.failingSince !== undefined).length,
        nextAttemptAt: this.retryAt > Date.now() ? new Date(this.retryAt) : null,
        resumed: this.resumed,
      },
      recentEvents: this.recent.toArray(),
      lastError: this.lastError,
    };
  }

  // ---- shutdown ----

  /**
   * Flushes, then stores what is still undelivered (queued, and the upload cut off) in the database for the next
   * start, all within shutdownTimeoutMs — or less when the caller's shutdown has less left (`budgetMs`, given by
   * runtime.ts, which owns the process's deadline); aborts what is in flight. Idempotent.
   */
  close(options: AnalyticsCloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      this.clearScheduled();
      if (this.refreshTimer) clearInterval(this.refreshTimer);
      const budgetMs = Math.max(0, Math.min(this.options.shutdownTimeoutMs, options.budgetMs ?? Infinity));
      const deadline = Date.now() + budgetMs;
      const flushUntil = deadline - Math.min(STORE_RESERVE_MS, budgetMs / 4);
      // Every batch is uploaded as it is handed over, so once flush() is done nothing is left in the SDK.
      await within(
        this.flush().catch((error: unknown) => this.noteError(error)),
        flushUntil,
      );
      this.closed = true;
      const undelivered: QueueItem[] = [...(this.inFlight ?? []), ...this.queue.take(this.queue.length)];
      // Aborts an upload still in flight: its events are among the undelivered (PostHog deduplicates them by uuid
      // should it have received them after all).
      await this.sdk?.terminate().catch(() => undefined);
      if (undelivered.length > 0)
        await within(
          this.storeUndelivered(undelivered).catch((error: unknown) => this.noteError(error)),
          deadline,
        );
      // Releases of claims (install ping) and deletions of sent stored events are single small statements; wait
      // for them before the database closes.
      await Promise.allSettled([...this.settling, this.outbox.settled()]);
    })();
    return this.closing;
  }

  private clearScheduled(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private noteError(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
  }
}

/** Waits for the work, or until the deadline (ms), whichever comes first. */
async function within(work: Promise<unknown>, deadline: number): Promise<void> {
  let timeout: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timeout = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timeout);
}

function toSdkMessage(m: QueuedMessage): SdkMessage {
  return { distinctId: m.distinctId, event: m.event, properties: m.properties, timestamp: m.timestamp, uuid: m.uuid };
}

function discard(item: QueueItem): void {
  if (item.kind !== 'message' || !item.onDiscard) return;
  const onDiscard = item.onDiscard;
  item.onDiscard = undefined; // at most once, and never after onDelivered
  item.onDelivered = undefined;
  onDiscard();
}

/** `null` means "absent" for properties whose schema does not allow null (e.g. an unknown duration). */
function withoutNulls(input: Record<string, unknown>, event: EventName): Record<string, unknown> {
  const specs = EVENTS[event].properties as Readonly<Record<string, PropertySpec>>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(input)) {
    if (input[key] === null && specs[key] && !accepts(specs[key], null)) {
      out ??= { ...input };
      delete out[key];
    }
  }
  return out ?? input;
}
