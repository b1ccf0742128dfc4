// Renders docs/privacy.md. Its list of everything that can leave, per channel, comes from the same catalog and
// context tables the pipeline filters by (scripts/generate-docs.ts writes it; a test fails when the committed
// file is stale, and the PII canary test checks every property it sees sent against `propertiesThatCanLeave`).
// Pure.
import {
  EVENTS,
  GROUPS,
  INSTALLATION_PROPERTIES,
  PERSON_PROPERTIES,
  PRODUCT_CONTEXT,
  SDK_PROPERTIES,
  TELEMETRY_CONTEXT,
  type Channel,
  type EventName,
} from './catalog.js';

const code = (v: string) => `\`${v}\``;
const list = (names: Iterable<string>) => [...names].map(code).join(', ');

/** Every property name that can leave on each channel: events, context, the SDK's own, persons and groups. */
export function propertiesThatCanLeave(): Record<Channel, Set<string>> {
  const sets: Record<Channel, Set<string>> = { product: new Set(), telemetry: new Set() };
  for (const name of Object.keys(EVENTS) as EventName[]) {
    for (const property of Object.keys(EVENTS[name].properties)) sets[EVENTS[name].channel].add(property);
  }
  for (const key of [...Object.keys(PRODUCT_CONTEXT), ...Object.keys(SDK_PROPERTIES)]) sets.product.add(key);
  for (const key of [...Object.keys(TELEMETRY_CONTEXT), ...Object.keys(SDK_PROPERTIES)]) sets.telemetry.add(key);
  for (const key of [...Object.keys(PERSON_PROPERTIES.$set), ...Object.keys(PERSON_PROPERTIES.$set_once)]) sets.product.add(key);
  for (const key of [...Object.keys(INSTALLATION_PROPERTIES.$set), ...Object.keys(INSTALLATION_PROPERTIES.$set_once)])
    sets.telemetry.add(key);
  for (const group of Object.values(GROUPS)) for (const key of Object.keys(group.properties)) sets.telemetry.add(key);
  return sets;
}

function eventLines(channel: Channel): string[] {
  return (Object.keys(EVENTS) as EventName[])
    .filter((name) => EVENTS[name].channel === channel)
    .map((name) => {
      const props = Object.keys(EVENTS[name].properties);
      return `| ${code(name)} | ${props.length ? list(props) : '—'} |`;
    });
}

function channelSection(channel: Channel): string[] {
  const product = channel === 'product';
  const context = product ? PRODUCT_CONTEXT : TELEMETRY_CONTEXT;
  const person = product ? PERSON_PROPERTIES : INSTALLATION_PROPERTIES;
  return [
    product ? '### Product analytics' : '### Installation telemetry',
    '',
    product
      ? 'Sent under the acting user’s pseudonymous id. Each event with its own properties:'
      : 'Sent under the installation’s random id. Each event with its own properties:',
    '',
    '| Event | Its properties |',
    '|---|---|',
    ...eventLines(channel),
    '',
    `Added to every ${product ? 'product' : 'telemetry'} event: ${list(Object.keys(context))}; by posthog-node: ${list(Object.keys(SDK_PROPERTIES))}.`,
    '',
    product
      ? `The user as a person in PostHog (\`$identify\`): ${list(Object.keys(person.$set))}; set once: ${list(Object.keys(person.$set_once))}.`
      : `The installation as a person in PostHog (\`$identify\`): ${list(Object.keys(person.$set))}; set once: ${list(Object.keys(person.$set_once))}.`,
    ...(product
      ? []
      : [
          '',
          'Groups (`$groupidentify`): ' +
            (Object.keys(GROUPS) as (keyof typeof GROUPS)[])
              .map((type) => `${code(type)} with ${list(Object.keys(GROUPS[type].properties))}`)
              .join('; ') +
            '.',
        ]),
    '',
  ];
}

export function renderPrivacyDoc(): string {
  const lines: string[] = [
    '<!-- Generated from src/server/features/analytics/catalog.ts by `npm run docs`. Do not edit by hand. -->',
    '# Privacy: what TimeTracker sends, what it never sends, how to turn it off',
    '',
    'TimeTracker itself never phones home. It can send usage data to **a PostHog project of your choosing** — and',
    'only when you set `POSTHOG_API_KEY`. Without a key nothing is ever sent: the PostHog SDK is not even constructed',
    'and no connection is opened. Every event and property with its meaning is in [analytics.md](analytics.md); this',
    'page lists, per channel, every property that can leave, generated from the same catalog that filters what',
    'leaves the process.',
    '',
    '## Two channels, each with its own switch',
    '',
    '| Channel | What | On when |',
    '|---|---|---|',
    '| **Installation telemetry** | `telemetry.install`, `telemetry.update`, a daily `telemetry.health` heartbeat, and the installation’s version, platform and its release, Node.js version, environment, deployment method, login methods offered and default time zone | a key is set **and** an admin consented (setup wizard checkbox, **unchecked by default**, or the admin telemetry page) or `ENABLE_TELEMETRY=true` — and `DO_NOT_TRACK` is not set |',
    '| **Product analytics** | what people do in the app (timer started, report viewed, export made, …) as ids, counts and yes/no values; the page as a route template (`/projects/:id`); browser, browser version, operating system and its version, device type; the app version, environment and deployment method; the visit’s analytics session id; each user’s role, login method and activity level | a key is set **and** product analytics is on (default once a key is set; an admin can switch it off) or `ANALYTICS_ENABLED=true` — and `DO_NOT_TRACK` is not set — and only for users who have not opted out |',
    '',
    'Every event of either channel carries `$groups` with the app version, the platform and the installation’s',
    'random id — product events too, also while installation telemetry is off. That id identifies the installation',
    'within your PostHog project and nothing else (it is not derived from the host name, address or URL).',
    '',
    '## Everything that can leave, per channel',
    '',
    ...channelSection('product'),
    ...channelSection('telemetry'),
    'Nothing else leaves: a property that is not declared for its event is dropped before the event is queued and',
    'counted as *suppressed*.',
    '',
    '## Never sent, in any property or id',
    '',
    '- usernames, full names, e-mail addresses',
    '- IP addresses: no `$ip` property, GeoIP is disabled for every event (`$geoip_disable`)',
    '- your host name, unless you set `ANALYTICS_SEND_HOST=true` (then the host of `BASE_URL`, never the `Host` header a',
    '  client sent, and an IP-address host as `redacted-ip`); otherwise URLs carry the placeholder host',
    '  `timetracker.invalid`',
    '- notes, tag names, project, client and task names, file names, search terms, filter values',
    '- paths, query strings and fragments as typed: a page is reported only as the template of a route the web UI',
    '  declares (`/entries`, `/projects/:id`), any other path as `/:not_found`; a page view from another site or',
    '  without a page is not sent at all; the referrer of a page view is only ever `$direct` or the app’s own address',
    '- user agents as text: only names from fixed lists (browser, operating system, device type) and version numbers',
    '- API tokens, login session ids, passwords, secrets, the installation’s analytics secret. The analytics session',
    '  id (`$session_id`) is a separate random UUIDv7 per browser visit, kept on the server with the login session (no',
    '  cookie of its own), new after 30 idle minutes or 24 hours, and never sent for API-token requests',
    '- any free text: the catalog only admits ids, numbers, booleans, values from fixed lists and lists of known field',
    '  names; everything else a developer might pass is dropped before it is queued (and counted as *suppressed*)',
    '',
    'Users appear under a pseudonymous id — an HMAC of their numeric id under the installation’s own analytics',
    'secret, which is created on first start and never leaves your database (it is not `SECRET_KEY`) — so an id',
    'cannot be traced back to a person without your database, and the same user id on two installations gives',
    'unrelated ids. The installation appears under a random UUID. Every person carries `person_kind` (`user` or',
    '`installation`), so the two never mix in counts.',
    '',
    'Nothing is sent about visitors who are not signed in (for example page views of the login or setup page): they',
    'have no way to opt out, so such events are dropped (counted as *suppressed* on the admin telemetry page). No event',
    'is ever sent under a random or throw-away id — only under a user’s pseudonymous id or the installation’s UUID.',
    'A user’s person properties are refreshed with their first event of each visit and each day, and at once when an',
    'admin changes their role, SSO identity or status; nothing of this is sent for a user who opted out.',
    '',
    'PostHog necessarily sees the network address the upload comes from. Turn on *Discard client IP data* in your',
    'PostHog project settings so it is not stored.',
    '',
    '## Checking what is sent',
    '',
    '- **Admin telemetry page** (`GET /api/v1/admin/telemetry`): both channels with the reason each is on or off,',
    '  counters (queued, sent, failed, dropped, suppressed) and the last 100 payloads exactly as sent.',
    '- **`ANALYTICS_DEBUG=1`**: every payload is printed to stderr as one JSON line and nothing is sent.',
    '- **`npm run cli -- telemetry status`** shows the switches and why; **`telemetry preview`** prints the next daily',
    '  health ping without sending it.',
    '',
    '## Turning things off',
    '',
    '| To stop | Do |',
    '|---|---|',
    '| Everything, whatever else is configured | set `DO_NOT_TRACK=1` (or simply do not set `POSTHOG_API_KEY`) |',
    '| Installation telemetry | untick it on the admin telemetry page, or `npm run cli -- telemetry disable`, or `ENABLE_TELEMETRY=false` (overrides the stored consent) |',
    '| Product analytics | switch it off on the admin telemetry page, or `npm run cli -- telemetry disable product`, or `ANALYTICS_ENABLED=false` |',
    '| Your own product analytics as a user | *Settings*: tick *Don’t include me in usage analytics* (`analytics_opt_out`); events of yours that were still queued or stored for a later retry are not sent either |',
    '',
    'A switch changed on the admin page or in the CLI applies at once in that process and within a minute in every',
    'other process sharing the database; when both channels are off the SDK is shut down. Environment variables',
    'always win over the stored switches, and the admin page says so.',
    '',
    'Events still undelivered when the server stops (PostHog down or slow at that moment) are kept in your own',
    'database, table `analytics_outbox` — exactly the payload that would have been sent, plus the acting user’s id',
    'for the opt-out check — until the next start sends them. They are deleted once PostHog accepted them, and deleted',
    'unsent when their channel is off by then (a switch above, `DO_NOT_TRACK`, no key); an opted-out user’s are dropped.',
    '',
    '## Where the data goes and for how long',
    '',
    'Only to the PostHog host in `POSTHOG_HOST` (PostHog Cloud US by default; EU cloud or a self-hosted PostHog if you',
    'set it). Retention, deletion and access are whatever you configure in that PostHog project. To delete a user’s',
    'data there, look up their analytics id (`GET /api/v1/admin/users/{id}/analytics-id`) and delete that person in',
    'PostHog.',
    '',
  ];
  return lines.join('\n');
}
