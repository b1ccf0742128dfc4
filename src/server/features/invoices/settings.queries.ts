// The instance's invoicing settings live as JSON in the settings table (key/value), beside nothing else of theirs.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function readSetting(db: Kysely<DB>, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function writeSetting(db: Kysely<DB>, key: string, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export async function deleteSetting(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}
