// `telemetry status | enable [channel] | disable [channel] | preview`: the analytics switches from the command
// line. The stored switches live in the installation row; a running server applies a change within a minute
// (it re-reads them), and ENABLE_TELEMETRY / ANALYTICS_ENABLED / DO_NOT_TRACK still override them.
import type { Kysely } from 'kysely';
import type { Config } from '../../server/config/config.js';
import type { DB } from '../../server/db/schema.js';
import { toApiTime } from '../../server/http/wire.js';
import { Analytics } from '../../server/features/analytics/analytics.js';
import { setStoredSwitches } from '../../server/features/analytics/analytics.queries.js';
import { resolveChannels, type Channels } from '../../server/features/analytics/consent.js';
import { HEALTH_JOB, previewHealthPing } from '../../server/features/analytics/telemetry.js';
import { ensureInstallation, type Installation } from '../../server/features/installation/installation.js';
import { APP_VERSION } from '../../server/version.js';
import { parseCommandArgs, UsageError, type CliCommand } from '../command.js';

const CHANNELS = { installation: ['telemetry_consent'], product: ['product_analytics_enabled'], all: ['telemetry_consent', 'product_analytics_enabled'] } as const;
type ChannelArg = keyof typeof CHANNELS;

function channelsOf(config: Config, row: Installation): Channels {
  return resolveChannels({
    apiKeySet: Boolean(config.POSTHOG_API_KEY),
    doNotTrack: config.DO_NOT_TRACK === true,
    debug: config.ANALYTICS_DEBUG === true,
    telemetryOverride: config.ENABLE_TELEMETRY,
    productOverride: config.ANALYTICS_ENABLED,
    storedTelemetryConsent: row.telemetry_consent === 1,
    storedProductAnalytics: row.product_analytics_enabled === 1,
  });
}

async function describeState(db: Kysely<DB>, config: Config): Promise<string> {
  // The installation row is created on first start; create it here too so the CLI works before the server ran.
  const row = await ensureInstallation(db, APP_VERSION);
  const channels = channelsOf(config, row);
  const job = await db.selectFrom('job_leases').selectAll().where('name', '=', HEALTH_JOB).executeTakeFirst();
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  return [
    `Installation telemetry: ${onOff(channels.installation.enabled)} (stored: ${onOff(row.telemetry_consent === 1)}) — ${channels.installation.reason}`,
    `Product analytics:      ${onOff(channels.product.enabled)} (stored: ${onOff(row.product_analytics_enabled === 1)}) — ${channels.product.reason}`,
    `PostHog host:           ${config.POSTHOG_HOST}${config.POSTHOG_API_KEY ? '' : ' (no POSTHOG_API_KEY)'}`,
    `Install id:             ${row.install_id}`,
    `Install ping sent:      ${row.install_event_sent === 1 ? 'yes' : 'no'}; last run version: ${row.last_run_version ?? 'none yet'}`,
    `Health ping:            last ${toApiTime(job?.last_run_at ?? null) ?? 'never'}, next ${toApiTime(job?.next_run_at ?? null) ?? 'after the next start'}` +
      (job?.last_error ? `, last error: ${job.last_error}` : ''),
    'Counters and recent payloads belong to the running server: see GET /api/v1/admin/telemetry or the admin page.',
    '',
  ].join('\n');
}

export const telemetryCommand: CliCommand = {
  name: 'telemetry',
  usage: 'status | enable [installation|product|all] | disable [installation|product|all] | preview',
  summary:
    'Show the analytics switches and why; turn installation telemetry (default) or product analytics on or off; print the next health ping without sending it.',
  async run(args, cli) {
    const { positionals } = parseCommandArgs(args, {});
    const [action, channelArg, extra] = positionals;
    if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}".`);
    switch (action) {
      case 'status': {
        if (channelArg !== undefined) throw new UsageError(`Unexpected argument "${channelArg}".`);
        cli.stdout.write(await cli.withDatabase(({ db, config }) => describeState(db, config)));
        return;
      }
      case 'enable':
      case 'disable': {
        const channel = (channelArg ?? 'installation') as ChannelArg;
        if (!(channel in CHANNELS)) throw new UsageError(`Unknown channel "${channelArg}"; use installation, product or all.`);
        const value = action === 'enable' ? 1 : 0;
        const text = await cli.withDatabase(async ({ db, config }) => {
          await setStoredSwitches(db, Object.fromEntries(CHANNELS[channel].map((column) => [column, value])));
          return describeState(db, config);
        });
        cli.stdout.write(`Stored: ${channel} ${action}d. A running server applies it within a minute.\n${text}`);
        return;
      }
      case 'preview': {
        if (channelArg !== undefined) throw new UsageError(`Unexpected argument "${channelArg}".`);
        const text = await cli.withDatabase(async ({ db, config }) => {
          const installation = await ensureInstallation(db, APP_VERSION);
          // Builds the payloads only: posthog-node is never constructed and nothing is queued or sent.
          const analytics = new Analytics({ db, config, version: APP_VERSION, installation, options: { settingsRefreshMs: 0 } });
          try {
            const messages = await previewHealthPing(analytics, db, Date.now());
            const channel = analytics.channels.installation;
            return [
              `# Next telemetry.health ping (not sent). It would be sent now: ${channel.enabled ? 'yes' : 'no'} — ${channel.reason}`,
              '# posthog-node adds $lib, $lib_version, $is_server, $geoip_disable, uuid and timestamp to each message;',
              '# uptime_hours is that of the server process (0 here).',
              ...messages.map((m) => JSON.stringify({ event: m.event, distinct_id: m.distinctId, properties: m.properties })),
              '',
            ].join('\n');
          } finally {
            await analytics.close();
          }
        });
        cli.stdout.write(text);
        return;
      }
      default:
        throw new UsageError(action === undefined ? 'Missing the action: status, enable, disable or preview.' : `Unknown action "${action}".`);
    }
  },
};
