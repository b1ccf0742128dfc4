// The analytics pipeline of one runtime (the AnalyticsSink the app holds). track()/identifyUser() are
// synchronous and cheap: gate, check against the catalog, add context, push onto a bounded queue — they never
// throw and never wait. A single background pump checks each batch again (consent, opt-outs), adds person
// properties to $identify, and hands it to posthog-node, which runs in a thread of its own (sdk-thread.ts) and
// uploads through CaptureTransport. That thread is started only when something is about to be sent on a
// channel that is on, so with consent off, DO_NOT_TRACK or no key posthog-node never exists and no connection
// is opened.
import fs from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB, UserRow } from '../../db/schema.js';
import { currentContext, requestContext, type RequestContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { getInstallation, type Installation } from '../installation/installation.js';
import { engagementCounts, optedOutUserIds } from './analytics.queries.js';
import { BoundedQueue } from './bounded-queue.js';
import { EVENTS, isEventName, type EventName, type PropertySpec } from './catalog.js';
import { resolveChannels, type Channels, type ChannelState } from './consent.js';
import { detectDeploymentMethod } from './deployment.js';
import { browserContext, pageContext, type BrowserContext, type PageContext } from './event-context.js';
import { userDistinctId } from './identity.js';
import {
  installationIdentity,
  platformName,
  productBaseProperties,
  telemetryBaseProperties,
  userIdentify,
  type IdentifiedUser,
  type InstallationFacts,
  type OutgoingMessage,
} from './payloads.js';
import { accepts, filterEventProperties } from './property-filter.js';
import type { AnalyticsSink, TrackOptions } from './sink.js';
import { SdkThread, type BatchOutcome } from './sdk-thread.js';

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
  /** Retries of a failed request (posthog-node's fetchRetryCount). */
  retryCount: number;
  retryDelayMs: number;
  /** How long close() may spend flushing. */
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
  retryCount: 1,
  retryDelayMs: 500,
  shutdownTimeoutMs: 2_500,
  settingsRefreshMs: 60_000,
  stderr: (line) => void process.stderr.write(line),
  fileExists: (path) => fs.existsSync(path),
};

export const RECENT_EVENTS = 100;

/**
 * queued: accepted onto the queue. sent: accepted by PostHog (2xx). failed: not delivered after the retries
 * (or their person properties could not be computed). dropped: pushed out by a full queue, or still queued
 * when their channel was switched off. suppressed: withheld by the privacy rules — each undeclared or invalid
 * property removed by the catalog, each event refused for an unknown name, and each queued event of a user
 * who opted out before it was sent.
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
  /** Set (by us, not the SDK) on messages whose delivery someone waits for: the uuid PostHog receives. */
  uuid?: string;
  /** Called once PostHog accepted the batch that contained this message (or it was printed, ANALYTICS_DEBUG). */
  onDelivered?: () => void;
  /** Called when the message will not be delivered (dropped, failed, withdrawn): e.g. to release a claim. */
  onDiscard?: () => void;
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
  user: IdentifiedUser;
  authMethod: 'local' | 'oidc';
  timestamp: Date;
}

type QueueItem = QueuedMessage | QueuedIdentify;

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
  recentEvents: Record<string, unknown>[];
  lastError: string | null;
}

const UA_CACHE_SIZE = 256;
const PAGE_CACHE_SIZE = 1_024;
const DISTINCT_ID_CACHE_SIZE = 10_000;

export class Analytics implements AnalyticsSink {
  readonly facts: InstallationFacts;
  /** Context of every product event that does not depend on the request (computed once). */
  private readonly productBase: Record<string, unknown>;
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

  constructor(deps: AnalyticsDeps) {
    this.db = deps.db;
    this.config = deps.config;
    this.options = { ...DEFAULT_ANALYTICS_OPTIONS, ...deps.options };
    this.queue = new BoundedQueue(this.options.maxQueueSize);
    const row = deps.installation;
    this.analyticsSecret = row.analytics_secret;
    this.stored = { telemetryConsent: row.telemetry_consent === 1, productAnalytics: row.product_analytics_enabled === 1 };
    this.channelState = this.resolve();
    this.facts = {
      installId: row.install_id,
      version: deps.version,
      platform: platformName(os.type()),
      platformRelease: os.release(),
      nodeVersion: process.versions.node,
      environment: deps.config.NODE_ENV,
      deploymentMethod: detectDeploymentMethod(deps.config, this.options.fileExists),
      authMethod: deps.config.AUTH_METHOD,
      timezone: deps.config.TZ,
      firstSeen: { version: row.first_seen_version, platform: row.first_seen_platform, nodeVersion: row.first_seen_node_version },
    };
    this.productBase = productBaseProperties(this.facts);
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

  identifyUser(user: UserRow, authMethod: 'local' | 'oidc'): void {
    try {
      const context = currentContext();
      if (context && !context.principal) this.actingUsers.set(context, user);
      if (!this.channelState.product.enabled || user.analytics_opt_out === 1) return;
      this.enqueue({
        kind: 'identify',
        channel: 'product',
        userId: user.id,
        distinctId: this.distinctIdOf(user.id),
        user: {
          id: user.id,
          role: user.role,
          created_at: user.created_at,
          first_login_at: user.first_login_at,
          last_login_at: user.last_login_at,
          signup_method: user.signup_method,
        },
        authMethod,
        timestamp: new Date(),
      });
    } catch (error) {
      this.noteError(error);
    }
  }

  // ---- product events ----

  private trackProduct(event: EventName, input: Record<string, unknown>, options: TrackOptions): void {
    if (!this.channelState.product.enabled) return;
    const context = currentContext();
    const user = options.user ?? context?.principal?.user ?? (context ? this.actingUsers.get(context) : undefined) ?? null;
    if (user?.analytics_opt_out === 1) return;
    const { properties, suppressed } = filterEventProperties(event, withoutNulls(input, event));
    this.counters.suppressed += suppressed.length;
    const page = context ? this.pageOf(context.url, context.referer) : undefined;
    // Object.assign, not `{ ...a, ...b, ... }`: on this V8 a literal with several spreads of these shapes falls to
    // a slow path (~10 µs here against ~0.4 µs), which was most of track()'s cost.
    const enriched: Record<string, unknown> = Object.assign(
      {},
      properties,
      page,
      context ? this.browserOf(context.userAgent) : undefined,
      this.productBase,
    );
    if (!user) enriched.$process_person_profile = false; // anonymous (e.g. the login page): no person is created
    this.enqueue({
      kind: 'message',
      channel: 'product',
      userId: user?.id ?? null,
      distinctId: user ? this.distinctIdOf(user.id) : `anon_${randomUUID()}`,
      event,
      properties: enriched,
      timestamp: new Date(),
    });
  }

  /** Page context, memoized: the same few URLs and Referers come back again and again. */
  private pageOf(url: string, referer: string | undefined): PageContext | undefined {
    const key = `${url}\n${referer ?? ''}`;
    if (this.pageCache.has(key)) return this.pageCache.get(key);
    const page = pageContext({ url, referer });
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
      const watched = i === 0 && hooks ? { uuid: randomUUID(), onDelivered: hooks.onDelivered, onDiscard: hooks.onDiscard } : {};
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

  private enqueue(item: QueueItem): void {
    if (this.closed) return;
    this.counters.queued++;
    const pushed = this.queue.push(item);
    if (pushed.evicted) {
      this.counters.dropped++;
      discard(pushed.item);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.pumping || this.queue.length === 0) return;
    // Timers are created outside any request's context: the pump belongs to no request, and would otherwise run
    // in (and keep alive) the context of whichever request enqueued the event that started it.
    if (this.queue.length >= this.options.flushAt) {
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
   */
  private async drain(all: boolean): Promise<void> {
    do {
      await this.sendBatch(this.queue.take(this.options.maxBatchSize));
    } while (!this.closed && (all ? this.queue.length > 0 : this.queue.length >= this.options.flushAt));
  }

  private async sendBatch(batch: QueueItem[]): Promise<void> {
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
    const now = nowSeconds();
    const messages: QueuedMessage[] = [];
    for (const item of batch) {
      const channel = item.channel === 'product' ? this.channelState.product : this.channelState.installation;
      if (!channel.enabled) {
        this.counters.dropped++;
        discard(item);
        continue;
      }
      if (item.userId !== null && optOutUnknown) {
        this.counters.failed++;
        continue;
      }
      if (item.userId !== null && optedOut.has(item.userId)) {
        this.counters.suppressed++;
        continue;
      }
      if (item.kind === 'message') {
        messages.push(item);
        continue;
      }
      try {
        const counts = await engagementCounts(this.db, item.userId, now);
        const built = userIdentify(this.facts, item.distinctId, item.user, item.authMethod, counts, now);
        this.counters.suppressed += built.suppressed;
        for (const message of built.messages)
          messages.push({ ...message, kind: 'message', channel: 'product', userId: item.userId, timestamp: item.timestamp });
      } catch (error) {
        this.counters.failed++;
        this.noteError(error);
      }
    }
    if (messages.length === 0) return;
    for (const m of messages) if (m.uuid !== undefined) this.awaitingDelivery.set(m.uuid, m);
    // Only what posthog-node needs crosses to the thread (the delivery hooks stay here, keyed by uuid).
    const outcome = await this.ensureSdk().send(
      messages.map((m) => ({
        distinctId: m.distinctId,
        event: m.event,
        properties: m.properties,
        timestamp: m.timestamp,
        uuid: m.uuid,
      })),
    );
    const sentBefore = this.counters.sent;
    this.record(outcome);
    const delivered = this.config.ANALYTICS_DEBUG ? messages.length : this.counters.sent - sentBefore;
    // One request per batch: it was delivered as a whole or not at all.
    if (delivered < messages.length) this.counters.failed += messages.length - delivered;
    for (const m of messages) {
      if (m.uuid === undefined) continue;
      this.awaitingDelivery.delete(m.uuid);
      discard(m); // a no-op when its batch was accepted (accepted() cleared the hooks)
    }
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
      retryCount: options.retryCount,
      retryDelayMs: options.retryDelayMs,
      maxBatchSize: options.maxBatchSize,
      recentEvents: RECENT_EVENTS,
    });
    return this.sdk;
  }

  /** Sends everything queued now and waits for it, and for what delivery set off (e.g. recording the install ping). */
  async flush(): Promise<void> {
    for (;;) {
      if (this.pumping) {
        await this.pumping;
        continue;
      }
      if (this.queue.length === 0 || this.closed) break;
      this.startPump(true);
    }
    await Promise.allSettled([...this.settling]);
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
        this.counters.dropped += this.queue.removeWhere((item) => {
          if (item.channel !== channel) return false;
          discard(item);
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
      recentEvents: this.recent.toArray(),
      lastError: this.lastError,
    };
  }

  // ---- shutdown ----

  /**
   * Flushes for at most shutdownTimeoutMs — or less when the caller's shutdown has less left (`budgetMs`, given by
   * runtime.ts, which owns the process's deadline) — then drops the rest and aborts what is in flight. Idempotent.
   */
  close(options: AnalyticsCloseOptions = {}): Promise<void> {
    this.closing ??= (async () => {
      this.clearScheduled();
      if (this.refreshTimer) clearInterval(this.refreshTimer);
      const budgetMs = Math.max(0, Math.min(this.options.shutdownTimeoutMs, options.budgetMs ?? Infinity));
      const deadline = Date.now() + budgetMs;
      // Every batch is uploaded as it is handed over, so once flush() is done nothing is left in the SDK.
      const work = this.flush().catch((error: unknown) => this.noteError(error));
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        work,
        new Promise<void>((resolve) => (timeout = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timeout);
      this.closed = true;
      for (const item of this.queue.take(this.queue.length)) {
        this.counters.dropped++;
        discard(item);
      }
      // Aborts an upload still in flight at the deadline; its batch counts as failed.
      await this.sdk?.terminate().catch(() => undefined);
      // Releases of claims (install ping) are single small updates; wait for them before the database closes.
      await Promise.allSettled([...this.settling]);
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

function discard(item: QueueItem): void {
  if (item.kind === 'message' && item.onDiscard) {
    const onDiscard = item.onDiscard;
    item.onDiscard = undefined; // at most once, and never after onDelivered
    item.onDelivered = undefined;
    onDiscard();
  }
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
