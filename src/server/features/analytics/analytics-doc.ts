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
    .map(([name, spec]) => `| ${code(name)} | ${'default' in spec && spec.default !== undefined ? code(spec.default) : 'unset'} | ${cell(spec.description)} |`);
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
    '- **Anonymous** (e.g. a page view on the login page): a random `anon_…` id per event with',
    '  `$process_person_profile: false`, so PostHog creates no person.',
    '- **Groups**: every event carries `$groups` = `{"version": <app version>, "platform": <platform>, "installation":',
    '  <install_id>}`; PostHog turns them into three group types you can aggregate and break down by.',
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
    '## Person properties (user `$identify`, on every successful login — local and SSO)',
    '',
    'Computed in SQL after the login has been answered (the login never waits for it).',
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
    `- \`track\` only checks, enriches and queues; it never waits and never throws. The queue holds ${o.maxQueueSize} events; when it`,
    '  is full the oldest is dropped. A background sender uploads batches of up to ' + `${o.maxBatchSize} events at least every ${o.flushIntervalMs / 1000} s`,
    `  (at once when ${o.flushAt} are waiting), each request bounded to ${o.requestTimeoutMs / 1000} s with ${o.retryCount} retry after ${o.retryDelayMs} ms. A batch that still fails is`,
    '  dropped and counted; PostHog being slow, down or refusing changes nothing a user sees. posthog-node and the',
    '  uploads run in a thread of their own, started with the first upload, so their work (most of the pipeline’s',
    '  CPU) does not take turns with requests. Uploads are plain JSON (`POST /batch/`, `Content-Type:',
    '  application/json`, about 700 bytes per event), not gzipped: compressing cost more CPU than anything else in',
    '  the pipeline.',
    `- Shutdown (SIGTERM/SIGINT) flushes for at most ${o.shutdownTimeoutMs / 1000} s, then the process exits (within 3 s of the signal).`,
    '- Right before an upload, the acting users’ `analytics_opt_out` is read again: events queued before a user',
    '  opted out are not sent.',
    '',
    '| Counter | Counts |',
    '|---|---|',
    '| `queued` | events accepted onto the queue |',
    '| `sent` | events PostHog accepted (HTTP 2xx); with `ANALYTICS_DEBUG` nothing is sent |',
    '| `failed` | events not delivered after the retry (network error, timeout, HTTP error), or whose person properties could not be computed |',
    '| `dropped` | events pushed out of a full queue, queued when their channel was switched off, or still queued at shutdown |',
    '| `suppressed` | what the privacy rules withheld: each undeclared or invalid property removed by the catalog, each event refused for an unknown name, and each queued event of a user who opted out before it was sent |',
    '',
    'Counters and recent payloads are per process and start at zero with it.',
    '',
    ...recipeSections(),
    '## For developers',
    '',
    '- Call `track(\'<event>\', {...})` and `identifyUser(user, method)` from `features/analytics/track.ts`; event names',
    '  and property types are checked by TypeScript against the catalog.',
    '- To add an event: add it (and any new property) to `catalog.ts` with a description, run `npm run docs`, commit',
    '  `docs/analytics.md`. Properties must be ids, numbers, booleans, enums or lists of known names.',
    '- Tests point `POSTHOG_HOST` at a capture server on 127.0.0.1 (`test/capture-server.ts`) and use the real SDK.',
    '',
  ];
  return lines.join('\n');
}
