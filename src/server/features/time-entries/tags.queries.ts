// Per-user tags, matched case-insensitively (the first spelling a user typed is kept), and their links to entries.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { reusableListQuery } from '../../db/reusable-query.js';
import { nameContains } from '../clients/name-keyset.js';
import { boundLimit } from '../../db/limits.js';

// Keeps every statement well under the bind-parameter limits of SQLite and PostgreSQL.
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Trimmed, non-empty names, de-duplicated case-insensitively (first spelling wins). */
export function normalizeTagNames(names: string[]): { name: string; lower: string }[] {
  const seen = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    const lower = name.toLowerCase();
    if (!seen.has(lower)) seen.set(lower, name);
  }
  return [...seen].map(([lower, name]) => ({ name, lower }));
}

/**
 * Returns the user's tag id for every name (keyed by lower-case name), creating the missing ones.
 * Race-safe: concurrent creators meet on the unique (user_id, name_lower) index and both read the winner's row.
 */
export async function ensureTags(db: Kysely<DB>, userId: number, names: string[]): Promise<Map<string, number>> {
  const wanted = normalizeTagNames(names);
  const ids = new Map<string, number>();
  for (const part of chunks(wanted)) {
    await db
      .insertInto('tags')
      .values(part.map((t) => ({ user_id: userId, name: t.name, name_lower: t.lower })))
      .onConflict((oc) => oc.columns(['user_id', 'name_lower']).doNothing())
      .execute();
    const rows = await db
      .selectFrom('tags')
      .select(['id', 'name_lower'])
      .where('user_id', '=', userId)
      .where(
        'name_lower',
        'in',
        part.map((t) => t.lower),
      )
      .execute();
    for (const row of rows) ids.set(row.name_lower, row.id);
  }
  return ids;
}

/** Replaces the tags of one entry with exactly `tagIds`. */
export async function setEntryTags(db: Kysely<DB>, entryId: number, tagIds: number[]): Promise<void> {
  await db.deleteFrom('time_entry_tags').where('time_entry_id', '=', entryId).execute();
  const unique = [...new Set(tagIds)];
  for (const part of chunks(unique)) {
    await db
      .insertInto('time_entry_tags')
      .values(part.map((tag_id) => ({ time_entry_id: entryId, tag_id })))
      .execute();
  }
}

// Read for every entry the API answers (the timer, each list page): compiled once per list length.
const tagsOfEntries = reusableListQuery((db: Kysely<DB>, entryIds: readonly number[]) =>
  db
    .selectFrom('time_entry_tags')
    .innerJoin('tags', 'tags.id', 'time_entry_tags.tag_id')
    .select(['time_entry_tags.time_entry_id as entry_id', 'tags.name', 'tags.name_lower'])
    .where('time_entry_tags.time_entry_id', 'in', entryIds),
);

/** Tag names of each entry, sorted case-insensitively; entries without tags map to []. */
export async function tagsForEntries(db: Kysely<DB>, entryIds: number[]): Promise<Map<number, string[]>> {
  const byEntry = new Map<number, { name: string; lower: string }[]>();
  for (const entryId of entryIds) byEntry.set(entryId, []);
  for (const row of await tagsOfEntries.execute(db, [...byEntry.keys()])) {
    byEntry.get(row.entry_id)?.push({ name: row.name, lower: row.name_lower });
  }
  const out = new Map<number, string[]>();
  for (const [entryId, tags] of byEntry) {
    tags.sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
    out.set(
      entryId,
      tags.map((t) => t.name),
    );
  }
  return out;
}

/**
 * The user's tags that at least one kept entry carries, by name (case-insensitive), optionally those containing
 * `q`: what the tag filter suggests. Tags of deleted entries only are left out (they would filter to nothing).
 */
export function listUsedTags(db: Kysely<DB>, userId: number, query: { q?: string; limit: number }): Promise<{ name: string }[]> {
  let select = db
    .selectFrom('tags')
    .select('tags.name')
    .where('tags.user_id', '=', userId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('time_entry_tags')
          .innerJoin('time_entries', 'time_entries.id', 'time_entry_tags.time_entry_id')
          .select('time_entry_tags.tag_id')
          .whereRef('time_entry_tags.tag_id', '=', 'tags.id')
          .where('time_entries.deleted_at', 'is', null),
      ),
    )
    .orderBy('tags.name_lower')
    .limit(boundLimit(query.limit));
  if (query.q) select = select.where(nameContains(sql.ref('tags.name_lower'), query.q));
  return select.execute();
}
