import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { ClientRow, ClientsTable, DB } from '../../db/schema.js';
import { afterNameCursor, nameContains, type NameCursor } from './name-keyset.js';
import { keptEntries } from '../time-entries/kept-entries.js';
import { boundLimit, fixedLimit } from '../../db/limits.js';

export type ClientStatus = ClientsTable['status'];

export interface ClientListQuery {
  status?: ClientStatus;
  q?: string;
  limit: number;
  after?: NameCursor;
}

/** One page plus one row (to tell whether there is a next page), in (name_lower, id) order. */
export function listClientRows(db: Kysely<DB>, query: ClientListQuery) {
  let select = db
    .selectFrom('clients')
    .selectAll()
    .select('name_lower as sort_key')
    .orderBy('name_lower')
    .orderBy('id')
    .limit(boundLimit(query.limit + 1));
  if (query.status) select = select.where('status', '=', query.status);
  if (query.q) select = select.where(nameContains(sql.ref('name_lower'), query.q));
  if (query.after) select = select.where(afterNameCursor(sql.ref('name_lower'), sql.ref('id'), query.after));
  return select.execute();
}

export function findClient(db: Kysely<DB>, id: number): Promise<ClientRow | undefined> {
  return db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function clientNameTaken(db: Kysely<DB>, nameLower: string, exceptId?: number): Promise<boolean> {
  let select = db.selectFrom('clients').select('id').where('name_lower', '=', nameLower);
  if (exceptId !== undefined) select = select.where('id', '<>', exceptId);
  return (await select.executeTakeFirst()) !== undefined;
}

export function insertClient(db: Kysely<DB>, values: Insertable<ClientsTable>): Promise<ClientRow> {
  return db.insertInto('clients').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateClient(db: Kysely<DB>, id: number, values: Updateable<ClientsTable>): Promise<ClientRow> {
  return db.updateTable('clients').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteClientRow(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('clients').where('id', '=', id).execute();
}

export async function countClientProjects(db: Kysely<DB>, clientId: number): Promise<number> {
  const row = await db
    .selectFrom('projects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clientHasTimeEntries(db: Kysely<DB>, clientId: number): Promise<boolean> {
  const row = await keptEntries(db)
    .innerJoin('projects', 'projects.id', 'time_entries.project_id')
    .select('time_entries.id')
    .where('projects.client_id', '=', clientId)
    .limit(fixedLimit(1))
    .executeTakeFirst();
  return row !== undefined;
}
