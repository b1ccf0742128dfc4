// Builds the messages handed to posthog-node: product events with their request context, user $identify,
// telemetry events, the installation $identify and the three $groupidentify. Pure (time comes in as an
// argument); everything built here is checked against the catalog before it is queued.
import { toApiTime } from '../../http/wire.js';
import { GROUPS, INSTALLATION_PROPERTIES, PERSON_PROPERTIES, type PropertySpec } from './catalog.js';
import type { DeploymentMethod } from './deployment.js';
import { filterProperties } from './property-filter.js';
import { engagementLevel, preferredTrackingMethod, wholeDays } from './telemetry-math.js';
import type { EngagementCounts } from './analytics.queries.js';

/** What describes this installation in every payload. */
export interface InstallationFacts {
  installId: string;
  version: string;
  /** os.type(): Linux, Darwin or Windows_NT (anything else is reported as "other"). */
  platform: string;
  platformRelease: string;
  nodeVersion: string;
  environment: 'production' | 'development' | 'test';
  deploymentMethod: DeploymentMethod;
  authMethod: 'local' | 'oidc' | 'both';
  timezone: string;
  firstSeen: { version: string; platform: string; nodeVersion: string };
}

/** One message for posthog-node's capture(). */
export interface OutgoingMessage {
  distinctId: string;
  event: string;
  properties: Record<string, unknown>;
}

export interface BuildResult {
  messages: OutgoingMessage[];
  /** Server-built properties the catalog refused (a bug if ever non-zero). */
  suppressed: number;
}

const KNOWN_PLATFORMS = new Set(['Linux', 'Darwin', 'Windows_NT']);
export const platformName = (osType: string): string => (KNOWN_PLATFORMS.has(osType) ? osType : 'other');

export function groupsOf(facts: InstallationFacts): Record<'version' | 'platform' | 'installation', string> {
  return { version: facts.version, platform: facts.platform, installation: facts.installId };
}

/** The server-side context of every product event except the page and browser (added per request). */
export function productBaseProperties(facts: InstallationFacts): Record<string, unknown> {
  return { environment: facts.environment, app_version: facts.version, deployment_method: facts.deploymentMethod, $groups: groupsOf(facts) };
}

export function telemetryBaseProperties(facts: InstallationFacts): Record<string, unknown> {
  return {
    app_version: facts.version,
    platform: facts.platform,
    node_version: facts.nodeVersion,
    environment: facts.environment,
    deployment_method: facts.deploymentMethod,
    $groups: groupsOf(facts),
  };
}

function checked(specs: Readonly<Record<string, PropertySpec>>, values: Record<string, unknown>, counter: { n: number }): Record<string, unknown> {
  const { properties, suppressed } = filterProperties(specs, values);
  counter.n += suppressed.length;
  return properties;
}

export interface IdentifiedUser {
  id: number;
  role: 'admin' | 'user';
  created_at: number;
  first_login_at: number | null;
  last_login_at: number | null;
  signup_method: 'setup' | 'local' | 'oidc' | 'admin';
}

/** The user `$identify`: exactly the spec's $set and $set_once keys. */
export function userIdentify(
  facts: InstallationFacts,
  distinctId: string,
  user: IdentifiedUser,
  authMethod: 'local' | 'oidc',
  counts: EngagementCounts,
  now: number,
): BuildResult {
  const counter = { n: 0 };
  const lastLogin = user.last_login_at ?? now;
  const $set = checked(
    PERSON_PROPERTIES.$set,
    {
      role: user.role,
      is_admin: user.role === 'admin',
      last_login: toApiTime(lastLogin),
      auth_method: authMethod,
      entries_last_7_days: counts.entriesLast7Days,
      entries_last_30_days: counts.entriesLast30Days,
      engagement_level: engagementLevel(counts.entriesLast7Days, counts.entriesLast30Days),
      preferred_tracking_method: preferredTrackingMethod(counts.timerLast30Days, counts.manualLast30Days),
      account_age_days: wholeDays(user.created_at, now),
    },
    counter,
  );
  const $set_once = checked(
    PERSON_PROPERTIES.$set_once,
    { first_login: toApiTime(user.first_login_at ?? lastLogin), signup_method: user.signup_method },
    counter,
  );
  return { messages: [{ distinctId, event: '$identify', properties: { $set, $set_once, $groups: groupsOf(facts) } }], suppressed: counter.n };
}

/** The installation `$identify` followed by the three `$groupidentify` — sent after every telemetry ping. */
export function installationIdentity(facts: InstallationFacts, now: number): BuildResult {
  const counter = { n: 0 };
  const $groups = groupsOf(facts);
  const $set = checked(
    INSTALLATION_PROPERTIES.$set,
    {
      current_version: facts.version,
      current_platform: facts.platform,
      current_node_version: facts.nodeVersion,
      environment: facts.environment,
      deployment_method: facts.deploymentMethod,
      auth_method: facts.authMethod,
      timezone: facts.timezone,
      last_seen: toApiTime(now),
    },
    counter,
  );
  const $set_once = checked(
    INSTALLATION_PROPERTIES.$set_once,
    {
      first_seen_version: facts.firstSeen.version,
      first_seen_platform: platformName(facts.firstSeen.platform),
      first_seen_node_version: facts.firstSeen.nodeVersion,
    },
    counter,
  );
  const group = (type: keyof typeof GROUPS, key: string, values: Record<string, unknown>): OutgoingMessage => ({
    distinctId: facts.installId,
    event: '$groupidentify',
    properties: { $group_type: type, $group_key: key, $group_set: checked(GROUPS[type].properties, values, counter), $groups },
  });
  return {
    messages: [
      { distinctId: facts.installId, event: '$identify', properties: { $set, $set_once, $groups } },
      group('version', facts.version, { version_number: facts.version, node_version: facts.nodeVersion }),
      group('platform', facts.platform, { platform_name: facts.platform, platform_release: facts.platformRelease }),
      group('installation', facts.installId, { first_seen_version: facts.firstSeen.version, deployment_method: facts.deploymentMethod }),
    ],
    suppressed: counter.n,
  };
}
