// Renders docs/analytics.md from the catalog and the configuration table, so the document cannot drift from
// what the code sends (scripts/generate-docs.ts writes it; a test fails when the committed file is stale). Pure.
import { z } from 'zod';
import { VARIABLES } from '../../config/config.js';
import {
  BUCKETS,
  EVENTS,
  GROUPS,
  INSTALLATION_PROPERTIES,
  PERSON_PROPERTIES,
  PRODUCT_CONTEXT,
  SDK_PROPERTIES,
  TELEMETRY_CONTEXT,
  type EventName,
  type PropertySpec,
} from './catalog.js';
import { DEFAULT_ANALYTICS_OPTIONS, RECENT_EVENTS } from './analytics.js';
import { DEFAULT_HEALTH_JOB } from './telemetry.js';
import { recipeSections } from './analytics-recipes-doc.js';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
};

const code = (v: unknown) => `\`${String(v)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A short, human type for a property schema: `local` \| `oidc`, integer ≥ 1, list of names, … */
export function describeType(schema: z.ZodType): string {
  const render = (s: JsonSchema): string => {
    if (s.anyOf) {
      const rest = s.anyOf.filter((x) => x.type !== 'null');
      const nullable = rest.length < s.anyOf.length;
      return `${rest.map(render).join(' or ')}${nullable ? ' or null' : ''}`;
    }
    if (s.enum) return s.enum.map(code).join(' \\| ');
    if (s.type === 'array') return `list of ${s.items ? render(s.items) : 'values'}`;
    if (s.type === 'integer') return s.exclusiveMinimum === 0 ? 'integer ≥ 1' : s.minimum === 0 ? 'integer ≥ 0' : 'integer';
    if (s.type === 'number') return 'number';
    if (s.type === 'boolean') return 'boolean';
    if (s.type === 'string') return s.pattern ? `string matching ${code(s.pattern)}` : 'string';
    return 'value';
  };
  return render(z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema);
}

function propertyTable(props: Readonly<Record<string, PropertySpec>>): string[] {
  const names = Object.keys(props);
  if (names.length === 0) return ['No properties of its own.', ''];
  return [
    '| Property | Type | Meaning |',
    '|---|---|---|',
    ...names.map((name) => `| ${code(name)} | ${cell(describeType(props[name]!.schema))} | ${cell(props[name]!.description)} |`),
    '',
  ];
}

function contextTable(entries: Readonly<Record<string, string>>): string[] {
  return ['| Property | Meaning |', '|---|---|', ...Object.entries(entries).map(([k, v]) => `| ${code(k)} | ${cell(v)} |`), ''];
}

function eventSection(name: EventName): string[] {
  const spec = EVENTS[name];
  const channel = spec.channel === 'product' ? 'product analytics' : 'installation telemetry';
  return [
    `### ${code(name)}`,
    '',
    `${spec.description} Channel: ${channel}${spec.clientSide ? '; sent by the web UI through `POST /api/v1/analytics/events`' : ''}.`,
    '',
    ...propertyTable(spec.properties),
  ];
}

function variablesTable(): string[] {
  const rows = Object.entries(VARIABLES)
    .filter(([, spec]) => spec.group === 'Analytics')
    .map(
      ([name, spec]) =>
        `| ${code(name)} | ${'default' in spec && spec.default !== undefined ? code(spec.default) : 'unset'} | ${cell(spec.description)} |`,
    );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows, ''];
}

export function renderAnalyticsDoc(): string {
  const productEvents = (Object.keys(EVENTS) as EventName[]).filter((e) => EVENTS[e].channel === 'product');
  const telemetryEvents = (Object.keys(EVENTS) as EventName[]).filter((e) => EVENTS[e].channel === 'telemetry');
  const o = DEFAULT_ANALYTICS_OPTIONS;
  const lines: string[] = [
    '<!-- Generated from src/server/features/analytics/catalog.ts by `npm run docs`. Do not edit by hand. -->',
    '# Analytics and telemetry',
    '',
    'TimeTracker can send product analytics and installation telemetry to **your own PostHog project** (PostHog',
    'Cloud US or EU, or a self-hosted PostHog), through the official `posthog-node` SDK and to nothing else. Nothing is',
    'sent until you set `POSTHOG_API_KEY`; installation telemetry additionally needs an admin’s consent, which is',
    'unchecked by default. What is never sent and how to switch everything off: [privacy.md](privacy.md).',
    '',
    'This page is generated from the event catalog in the code (`src/server/features/analytics/catalog.ts`): the',
    'same catalog decides what may leave the process. Only the properties listed here are sent; anything else a',
    'caller passes is dropped and counted as *suppressed*.',
    '',
    '## Setup',
    '',
    '1. Create a project in PostHog (or use an existing one) and copy its **project API key** (`phc_…`) from',
    '   *Project settings → Project API key*.',
    '2. In *Project settings*, turn on **Discard client IP data**: TimeTracker never sends an IP address and asks',
    '   PostHog not to derive a location (`$geoip_disable`), but PostHog still sees the address the upload comes',
    '   from; this setting makes it forget it.',
    '3. Set the variables below (e.g. in your `docker-compose.yml` or systemd unit) and restart:',
    '   `POSTHOG_API_KEY=phc_…` and, for the EU cloud or a self-hosted PostHog, `POSTHOG_HOST=https://eu.i.posthog.com`',
    '   (or your host).',
    '4. Product analytics is then on (an admin can switch it off on the admin telemetry page). Installation',
    '   telemetry starts once an admin ticks the box in the setup wizard or on the admin telemetry page, or when',
    '   `ENABLE_TELEMETRY=true` is set.',
    '5. Check what is sent: the admin telemetry page (and `GET /api/v1/admin/telemetry`) shows both channels, the',
    `   reason each is on or off, counters and the last ${RECENT_EVENTS} payloads exactly as sent. Or start once with`,
    '   `ANALYTICS_DEBUG=1`: every payload is printed to stderr as one JSON line and nothing is sent.',
    '   The API gives each reason in English words (`reason`) and as a code (`reason_code`: `do_not_track`,',
    '   `no_api_key`, `forced_off`, `forced_on`, `stored_on`, `stored_off`), which the page says in its language;',
    '   `debug` is true while `ANALYTICS_DEBUG` prints instead of sending. Without a key `host` is null.',
    '',
    '### Switches',
    '',
    ...variablesTable(),
    '| Channel | Sent when |',
    '|---|---|',
    '| Installation telemetry (`telemetry.*` events, installation `$identify`, `$groupidentify`) | key set ∧ installation consent (stored, overridden by `ENABLE_TELEMETRY`) ∧ no `DO_NOT_TRACK` |',
    '| Product analytics (every other event, user `$identify`) | key set ∧ product analytics on (stored, default on; overridden by `ANALYTICS_ENABLED`) ∧ no `DO_NOT_TRACK` ∧ the acting user has not set `analytics_opt_out` |',
    '',
    'The stored switches live in the database (one row per installation) and are changed by the setup wizard, the',
    'admin telemetry page (`PATCH /api/v1/admin/telemetry`) or the CLI (`npm run cli -- telemetry enable|disable',
    '[installation|product|all]`); a change applies at once in the process that made it and within a minute in',
    'other processes sharing the database. While a channel is off, posthog-node is not even constructed for it;',
    'with both off (or `DO_NOT_TRACK`, or no key) no connection is ever opened. There are no feature flags: nothing',
    'calls PostHog’s flag, decide or remote-config endpoints; the only request ever made is a POST to `/batch/`.',
    '',
    '## Identities and groups',
    '',
    '- **Installation**: `install_id`, a random UUID created on first start (never derived from the host name, IP or',
    '  URL). Telemetry events, the installation `$identify` and the `$groupidentify` use it as `distinct_id`, so each',
    '  installation appears in PostHog as one person whose properties are listed below.',
    '- **User**: `u_` + the first 32 hex digits of HMAC-SHA256(installation secret, user id). The secret never',
    '  leaves the database, so the id cannot be reversed to a user, and user 1 of two installations gives two',
    '  different ids. An admin can look up a user’s id: `GET /api/v1/admin/users/{id}/analytics-id`.',
    '- **Nobody signed in** (e.g. a page view on the login or setup page): nothing is sent (the event is counted as',
    '  *suppressed*). Every event goes under a user’s id or the install id, never under a random or throw-away id:',
    '  such a visitor could not opt out, and a new id per event would count as a new "user" each time.',
    '- **Persons**: every person carries `person_kind` — `user` or `installation` — so user counts (daily active',
    '  users, cohorts) can leave installations out: filter on person property `person_kind` = `user`.',
    '- **Groups**: every event carries `$groups` = `{"version": <app version>, "platform": <operating system, named like',
    '  `$os`>, "installation": <install_id>}`; PostHog turns them into three group types you can aggregate and break',
    '  down by. The `version` and `platform` groups are shared by every installation on that version or system, so',
    '  they carry only their own name; facts of one installation are on its `installation` group and person.',
    '',
    '## What is added to every event',
    '',
    '### Product events (server-side context)',
    '',
    ...contextTable(PRODUCT_CONTEXT),
    '### Telemetry events',
    '',
    ...contextTable(TELEMETRY_CONTEXT),
    '### By posthog-node',
    '',
    ...contextTable(SDK_PROPERTIES),
    'There is no `$ip` property and no free text anywhere: every property is an id, a number, a boolean, one of a',
    'fixed set of values, or a list of known names.',
    '',
    '## Person properties (user `$identify`)',
    '',
    'A user’s `$identify` goes out with their first product event of each analytics session and of each UTC day —',
    'whether the request came with a session or an API token — at every login (password or SSO), and at once when an',
    'admin changes their role, links or unlinks their SSO identity, or deactivates or re-activates them. So the',
    'properties stay fresh although sessions slide for weeks without a new login. Each process remembers whom it',
    'identified for which session of the day (a bounded memo; a restarted process identifies again on the first',
    'event). An upload that fails for a passing reason is retried like any event, the same `$identify` with its',
    '`uuid`; one that is given up (refused for good, still failing after the retry window, dropped from a full queue',
    'or with its channel) is forgotten, so the user’s next event sends a new one. The request only queues it: the',
    'counts are computed in SQL when the batch is uploaded, but as of the moment of the event that caused it.',
    '',
    '`$set`:',
    '',
    ...propertyTable(PERSON_PROPERTIES.$set),
    '`$set_once`:',
    '',
    ...propertyTable(PERSON_PROPERTIES.$set_once),
    '## Installation properties (installation `$identify`, after every telemetry ping)',
    '',
    '`$set`:',
    '',
    ...propertyTable(INSTALLATION_PROPERTIES.$set),
    '`$set_once`:',
    '',
    ...propertyTable(INSTALLATION_PROPERTIES.$set_once),
    '## Groups (`$groupidentify`, after every telemetry ping)',
    '',
    ...(Object.keys(GROUPS) as (keyof typeof GROUPS)[]).flatMap((type) => [
      `### Group type ${code(type)} — key: ${GROUPS[type].key}`,
      '',
      ...propertyTable(GROUPS[type].properties),
    ]),
    '## Product events',
    '',
    ...productEvents.flatMap(eventSection),
    '## Telemetry events',
    '',
    `Each is followed by the installation \`$identify\` and three \`$groupidentify\` (version, platform, installation).`,
    '',
    '- `telemetry.install`: once per installation, the first time installation telemetry is on and a key is set.',
    '  One process claims it with a lease in the database (renewed while the ping waits) and records it as sent only',
    '  once PostHog accepted the upload that carried it; if that process dies first, the lease expires',
    '  (`JOB_LEASE_SECONDS`) and the next process to look (at start-up or on its next job tick) sends it. Only a',
    '  crash in the moment between PostHog’s answer and that record can send it twice.',
    '- `telemetry.update`: at start-up when the stored last-run version differs from the running one (the version',
    '  is stored at every start, also while telemetry is off, so a later consent never reports an old upgrade).',
    `- \`telemetry.health\`: once a day per installation (${DEFAULT_HEALTH_JOB.periodSeconds / 3600} h ± ${DEFAULT_HEALTH_JOB.jitterSeconds / 7200} h;`,
    `  the first within ${DEFAULT_HEALTH_JOB.jitterSeconds / 3600} h of the first start), through a lease row in the \`job_leases\` table: every`,
    '  process checks, exactly one runs it. Buckets: ' + BUCKETS.map(code).join(', ') + '.',
    '',
    ...telemetryEvents.flatMap(eventSection),
    '## Delivery, limits and counters',
    '',
    `- \`track\` only checks, enriches and queues; it never waits and never throws. Every event gets its \`uuid\` as it is`,
    `  queued. The queue holds ${o.maxQueueSize} events; when it is full the oldest is dropped (counted). A background sender uploads`,
    `  batches of up to ${o.maxBatchSize} events at least every ${o.flushIntervalMs / 1000} s (at once when ${o.flushAt} are waiting), each request bounded`,
    `  to ${o.requestTimeoutMs / 1000} s. PostHog being slow, down or refusing changes nothing a user sees. posthog-node and the uploads run in`,
    '  a thread of their own, started with the first upload, so their work (most of the pipeline’s CPU) does not take',
    '  turns with requests. Uploads are plain JSON (`POST /batch/`, `Content-Type: application/json`, about 700 bytes',
    '  per event), not gzipped: compressing cost more CPU than anything else in the pipeline.',
    '- **Retries.** An upload that PostHog did not accept because it could not be reached, did not answer in time, or',
    '  answered 408, 429 or 5xx goes back to the front of the queue and is tried again after an exponential back-off',
    `  with jitter: ${o.retryDelayMs / 1000} s after the first failure, doubling with each further one up to ${o.retryMaxDelayMs / 1000} s, each wait a random`,
    '  point in the upper half of its step (so processes and installations that failed together do not retry',
    `  together). Nothing else is sent meanwhile, and an event is retried for ${o.retryWindowMs / 3_600_000} h from its first failure (a last attempt`,
    '  right at the end), then counted as failed. Any other 4xx (e.g. 400, 401, 413) is final: counted as failed, not',
    '  retried. The queue stays bounded during an outage: new events push the oldest out (counted as dropped). A',
    '  retried event keeps its `uuid` and `timestamp`, so PostHog, which deduplicates by `uuid`, stores it once even',
    '  when an answer was lost after PostHog had received it.',
    `- **Shutdown** (SIGTERM/SIGINT) flushes, then writes what is still undelivered — queued, and an upload cut off —`,
    `  to the database table \`analytics_outbox\` in one statement (at most ${o.maxQueueSize} events), all within ${o.shutdownTimeoutMs / 1000} s; the process`,
    '  exits within 3 s of the signal. Stored is exactly the payload handed to posthog-node (plus the acting user’s id,',
    '  never sent, for the opt-out check). The next process to start — any of them, when several share one',
    '  database — takes the stored events over at start-up and on each job tick (a claim with a lease, so exactly one',
    '  process sends each; one that dies leaves them to the next after `JOB_LEASE_SECONDS`), sends them with their',
    '  original `uuid` and `timestamp`, and deletes each row once PostHog accepted it. They are sent only while their',
    '  channel is still on: a process in which a channel is off (consent withdrawn, `DO_NOT_TRACK`, no key) deletes',
    '  what was stored for it, and a user who opted out meanwhile has theirs dropped (counted as suppressed). Not',
    '  stored: a user `$identify` whose person properties were not computed yet (the next process identifies the user',
    '  with their first event anyway), and the one-time `telemetry.install` (its claim is released instead, and the',
    '  next start sends it afresh: stored as well, it would go out twice).',
    '- Right before an upload, the acting users’ `analytics_opt_out` is read again: events queued before a user',
    '  opted out are not sent.',
    '',
    '| Counter | Counts |',
    '|---|---|',
    '| `queued` | events accepted onto the queue, including those taken over from the database |',
    '| `sent` | events PostHog accepted (HTTP 2xx); with `ANALYTICS_DEBUG` nothing is sent |',
    `| \`failed\` | events PostHog refused for good (4xx other than 408 and 429), events still failing ${o.retryWindowMs / 3_600_000} h after their first attempt, and events whose person properties could not be computed |`,
    '| `dropped` | events pushed out of a full queue (also while retrying), queued when their channel was switched off, stored events of a channel that is off, and events not stored at shutdown (see above) |',
    '| `suppressed` | what the privacy rules withheld: each undeclared or invalid property removed by the catalog, each event refused for an unknown name, each product event without a signed-in user, and each queued event of a user who opted out before it was sent |',
    '',
    'Beside the counters, `GET /api/v1/admin/telemetry` shows `delivery`: `retrying` (queued events whose upload failed',
    'and that wait for their next attempt), `next_attempt_at` (while backing off) and `resumed` (events stored at an',
    'earlier shutdown that this process took over; also counted in `queued`). Events written to the database at',
    'shutdown are not counted by the process that stores them (it is ending): they are counted by the one that sends them.',
    '',
    'Counters and recent payloads are per process and start at zero with it.',
    '',
    ...recipeSections(),
    '## For developers',
    '',
    "- Call `track('<event>', {...})` from `features/analytics/track.ts`; event names and property types are checked",
    '  by TypeScript against the catalog. Call `identifyUser(user, method)` at a login and `identifyUser(user)` when',
    '  something in the person properties changes for another reason than the user’s own activity (role, status).',
    '- To add an event: add it (and any new property) to `catalog.ts` with a description, run `npm run docs`, commit',
    '  `docs/analytics.md`. Properties must be ids, numbers, booleans, enums or lists of known names.',
    '- Tests point `POSTHOG_HOST` at a capture server on 127.0.0.1 (`test/capture-server.ts`) and use the real SDK.',
    '',
  ];
  return lines.join('\n');
}
