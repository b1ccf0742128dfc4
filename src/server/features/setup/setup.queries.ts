import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Whether the setup wizard has run (health checks and the setup gate ask; neither needs the service's rules). */
export async function isSetupComplete(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('installation').select('setup_complete').where('id', '=', 1).executeTakeFirst();
  return row?.setup_complete === 1;
}
