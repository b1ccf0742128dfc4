import type { Kysely } from 'kysely';

// Favourite projects: the ids a user pinned in the project picker, in the order they were pinned, as a JSON array
// on the user (a preference like the others, read with the user's row; at most 50, checked by the API).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('pinned_project_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('pinned_project_ids').execute();
}
