// Migration 005 on both databases: duplicate addresses (ignoring case) from before are resolved as documented,
// every old address starts unverified, and afterwards the database itself refuses a case variant.
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../../test/harness.js';
import { migrateToLatest, openDatabase, type Database } from '../database.js';
import * as m001 from './001_initial.js';
import * as m002 from './002_entry_span_index.js';
import * as m003 from './003_analytics_funnel.js';
import * as m004 from './004_install_ping_lease.js';

describe('migration 005_email_verification', () => {
  let env: TestEnvironment | undefined;
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    await env?.destroy();
    database = env = undefined;
  });

  it('keeps each address on one account (the SSO-linked one, else the oldest) and makes it unique ignoring case', async () => {
    env = await createTestEnvironment({}, undefined, { empty: true });
    database = await openDatabase({ url: env.env.DATABASE_URL, sqliteFile: path.join(env.dataDir, 'migrate.sqlite') });
    const db = database.db as unknown as Kysely<any>;
    const before = {
      '001_initial': m001,
      '002_entry_span_index': m002,
      '003_analytics_funnel': m003,
      '004_install_ping_lease': m004,
    };
    const result = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
    expect(result.error).toBeUndefined();

    const users: [string, string | null, string | null][] = [
      ['planter', 'Boss@corp.example', null], // oldest, but not linked
      ['boss', 'boss@corp.example', 'boss-sub'], // linked to SSO: keeps it
      ['shouter', 'BOSS@CORP.EXAMPLE', null],
      ['first', 'dup@example.com', null], // oldest of two unlinked: keeps it
      ['second', 'DUP@example.com', null],
      ['alone', 'alone@example.com', null],
      ['none', null, null],
      ['none2', null, null],
    ];
    for (const [username, email, subject] of users) {
      await db
        .insertInto('users')
        .values({
          username,
          username_lower: username,
          email,
          signup_method: 'admin',
          oidc_issuer: subject ? 'https://sso.example.com' : null,
          oidc_subject: subject,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
    }

    // Later migrations run too; 005 must be the first one applied here.
    expect((await migrateToLatest(database.db))[0]).toBe('005_email_verification');
    const rows = await db.selectFrom('users').select(['username', 'email', 'email_verified']).orderBy('id').execute();
    expect(rows.map((r) => [r.username, r.email, Number(r.email_verified)])).toEqual([
      ['planter', null, 0],
      ['boss', 'boss@corp.example', 0],
      ['shouter', null, 0],
      ['first', 'dup@example.com', 0],
      ['second', null, 0],
      ['alone', 'alone@example.com', 0],
      ['none', null, 0],
      ['none2', null, 0],
    ]);

    for (const variant of ['Alone@Example.com', 'alone@example.com', 'DUP@EXAMPLE.COM']) {
      await expect(db.updateTable('users').set({ email: variant }).where('username', '=', 'none').execute()).rejects.toThrow(
        /email_lower/,
      );
    }
    await db.updateTable('users').set({ email: 'new@example.com' }).where('username', '=', 'none').execute();
  });
});
