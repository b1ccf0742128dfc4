// The installation row (id = 1): install id, analytics secret, setup state and consent. Created on first
// start; "insert ... on conflict do nothing" makes concurrent first starts of several processes safe.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB, InstallationTable } from '../../db/schema.js';
import { randomToken } from '../auth/secrets.js';
import { nowSeconds } from '../../lib/clock.js';

export type Installation = Selectable<InstallationTable>;

export async function ensureInstallation(db: Kysely<DB>, version: string): Promise<Installation> {
  await db
    .insertInto('installation')
    .values({
      id: 1,
      install_id: randomUUID(),
      analytics_secret: randomToken(32),
      setup_complete: 0,
      telemetry_consent: 0,
      product_analytics_enabled: 1,
      install_event_sent: 0,
      install_event_holder: null,
      install_event_lease_until: 0,
      last_run_version: null,
      first_seen_version: version,
      first_seen_platform: os.type(),
      first_seen_node_version: process.versions.node,
      created_at: nowSeconds(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return getInstallation(db);
}

export function getInstallation(db: Kysely<DB>): Promise<Installation> {
  return db.selectFrom('installation').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}
