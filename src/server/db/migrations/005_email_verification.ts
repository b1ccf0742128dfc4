import { sql, type Kysely } from 'kysely';

// E-mail addresses become unique ignoring case, and each carries whether it is verified (issue 12: a user who
// could set any address on their own account took over the SSO identity of its real owner).
//
// - `email_verified` (0/1): 1 only for an address set by an admin, by the CLI, or by a single sign-on whose
//   provider asserted `email_verified`. Every address that exists before this migration starts unverified:
//   nothing records who set it, and one may already be planted. An admin re-saving an address (or linking the
//   SSO identity, or the owner's first SSO login once linked) verifies it again.
// - Duplicates (same address ignoring case) are resolved before the unique index is built: the account that is
//   linked to an SSO identity keeps the address, else the oldest account (lowest id); the others lose it (NULL).
//   docs/oidc.md says so for operators.
// - The unique index is on lower(email), the same expression the lookups use, so the database itself refuses a
//   second account with the address in another case on both SQLite and PostgreSQL (NULLs never collide).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`
    update users set email = null
    where email is not null and exists (
      select 1 from users keeper
      where lower(keeper.email) = lower(users.email) and keeper.id <> users.id
        and (
          (keeper.oidc_subject is not null and users.oidc_subject is null)
          or ((keeper.oidc_subject is null) = (users.oidc_subject is null) and keeper.id < users.id)
        )
    )`.execute(db);
  await sql`create unique index users_email_lower on users (lower(email))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index users_email_lower`.execute(db);
  await db.schema.alterTable('users').dropColumn('email_verified').execute();
}
