// Builds the messages handed to posthog-node: product events with their request context, user $identify,
// telemetry events, the installation $identify and the three $groupidentify. Pure (time comes in as an
// argument); everything built here is checked against the catalog before it is queued.
import { toApiTime } from '../../http/wire.js';
import { GROUPS, INSTALLATION_PROPERTIES, PERSON_PROPERTIES, type PropertySpec } from './catalog.js';
import type { DeploymentMethod } from './deployment.js';
import { filterProperties } from './property-filter.js';
import { engagementLevel, preferredTrackingMethod, wholeDays } from './telemetry-math.js';
import type { PersonFacts } from './analytics.queries.js';

/** What describes this installation in every payload. */
export interface InstallationFacts {
  installId: string;
  version: string;
  /** The operating system named like `$os` (platformName of os.type()): Linux, Mac OS X, Windows or other. */
  platform: string;
  /** os.platform(): linux, darwin, win32, … (platformRawName). */
  platformRaw: string;
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

// os.type() → the name posthog-js gives the same system in `$os`, so server and browser data use one vocabulary.
// Names already in that vocabulary pass unchanged (a stored first_seen_platform may be either).
const OS_NAMES: Readonly<Record<string, string>> = {
  Linux: 'Linux',
  Darwin: 'Mac OS X',
  'Mac OS X': 'Mac OS X',
  Windows_NT: 'Windows',
  Windows: 'Windows',
};
export const platformName = (osType: string): string => (Object.hasOwn(OS_NAMES, osType) ? OS_NAMES[osType]! : 'other');

const RAW_PLATFORMS = new Set(['aix', 'android', 'darwin', 'freebsd', 'haiku', 'linux', 'openbsd', 'netbsd', 'sunos', 'win32', 'cygwin']);
export const platformRawName = (platform: string): string => (RAW_PLATFORMS.has(platform) ? platform : 'other');

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
  active: 0 | 1;
  created_at: number;
  first_login_at: number | null;
  last_login_at: number | null;
  signup_method: 'setup' | 'local' | 'oidc' | 'admin';
}

/**
 * The user `$identify`: the spec's $set and $set_once keys and `person_kind`, describing the moment `asOf` (epoch
 * seconds) of the event that caused it. `authMethod` is the login's when a login caused it, else `person.authMethod`.
 */
export function userIdentify(
  facts: InstallationFacts,
  distinctId: string,
  user: IdentifiedUser,
  authMethod: 'local' | 'oidc' | undefined,
  person: PersonFacts,
  asOf: number,
): BuildResult {
  const counter = { n: 0 };
  const ageDays = wholeDays(user.created_at, asOf);
  const $set = checked(
    PERSON_PROPERTIES.$set,
    {
      person_kind: 'user',
      role: user.role,
      is_admin: user.role === 'admin',
      is_active: user.active === 1,
      // Never invented: a user who only ever used an API token has not signed in.
      last_login: user.last_login_at === null ? undefined : toApiTime(user.last_login_at),
      auth_method: authMethod ?? person.authMethod,
      entries_last_7_days: person.entriesLast7Days,
      entries_last_30_days: person.entriesLast30Days,
      engagement_level: engagementLevel(person.entriesLast7Days, person.entriesLast30Days, ageDays),
      preferred_tracking_method: preferredTrackingMethod(person.timerLast30Days, person.manualLast30Days),
      account_age_days: ageDays,
    },
    counter,
  );
  const $set_once = checked(
    PERSON_PROPERTIES.$set_once,
    {
      first_login: user.first_login_at === null ? undefined : toApiTime(user.first_login_at),
      signup_method: user.signup_method,
    },
    counter,
  );
  return { messages: [{ distinctId, event: '$identify', properties: { $set, $set_once, $groups: groupsOf(facts) } }], suppressed: counter.n };
}

/**
 * The installation `$identify` followed by the three `$groupidentify` — sent after every telemetry ping. The
 * `version` and `platform` groups are shared by many installations: they get only what is true of the whole
 * group; this installation's own facts go on its person and its `installation` group.
 */
export function installationIdentity(facts: InstallationFacts, now: number): BuildResult {
  const counter = { n: 0 };
  const $groups = groupsOf(facts);
  const $set = checked(
    INSTALLATION_PROPERTIES.$set,
    {
      person_kind: 'installation',
      current_version: facts.version,
      current_platform: facts.platform,
      platform_raw: facts.platformRaw,
      current_node_version: facts.nodeVersion,
      environment: facts.environment,
      deployment_method: facts.deploymentMethod,
      auth_methods_offered: facts.authMethod,
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
      group('version', facts.version, { version_number: facts.version }),
      group('platform', facts.platform, { platform_name: facts.platform }),
      group('installation', facts.installId, {
        first_seen_version: facts.firstSeen.version,
        deployment_method: facts.deploymentMethod,
        node_version: facts.nodeVersion,
        platform_release: facts.platformRelease,
        current_version: facts.version,
      }),
    ],
    suppressed: counter.n,
  };
}
