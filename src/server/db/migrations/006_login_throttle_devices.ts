import { type Kysely } from 'kysely';
import { idColumn, isPostgres } from '../dialect.js';

// Login throttling moves from a log of failures (`auth_failures`, counted after the password check, so parallel
// guesses all passed the check) to one counter row per bucket that a single upsert reserves *before* the password
// is checked (features/auth/login-throttle.ts). A bucket is an account seen from untrusted clients
// (`account:<name>`) or one trusted browser's device cookie (`device:<hash>`). `lock_seconds` is the length of the
// last lock, doubled at each further failure (exponential back-off).
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema.dropTable('auth_failures').ifExists().execute();
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lock_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_throttle_updated_at').on('login_throttle').column('updated_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  const [idType, idConstraint] = idColumn(db);
  await db.schema.dropTable('login_throttle').execute();
  await db.schema
    .createTable('auth_failures')
    .addColumn('id', idType, idConstraint)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_failures_key_at').on('auth_failures').columns(['key', 'at']).execute();
}
