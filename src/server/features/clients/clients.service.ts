// Client rules: names unique (case-insensitive), deletion only while nothing refers to the client, analytics.
// Who may call what is decided by the routes' auth requirements (reads: every user; writes: admins).
import type { AppContext } from '../../app-context.js';
import type { Updateable } from 'kysely';
import type { ClientRow, ClientsTable } from '../../db/schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/db-errors.js';
import { conflict, notFound } from '../../http/errors.js';
import { nowSeconds } from '../../lib/clock.js';
import { track } from '../analytics/track.js';
import {
  clientHasTimeEntries,
  clientNameTaken,
  countClientProjects,
  deleteClientRow,
  findClient,
  insertClient,
  listClientRows,
  updateClient,
  type ClientStatus,
} from './clients.queries.js';
import { decodeNameCursor, toNamePage } from './name-keyset.js';

/** What a client's invoices need (migration 013); stored as given, `address_lines` as JSON. */
export interface ClientBilling {
  address_lines?: string[];
  postal_code?: string | null;
  city?: string | null;
  country_code?: string | null;
  vat_id?: string | null;
  language?: 'en' | 'de' | 'fr' | 'es' | null;
  tax_treatment?: 'standard' | 'reverse_charge' | 'exempt';
  exemption_reason?: string | null;
  payment_terms_days?: number | null;
  currency?: string | null;
  buyer_reference?: string | null;
}

export interface ClientInput extends ClientBilling {
  name: string;
  email?: string | null;
  default_hourly_rate_cents?: number | null;
  notes?: string | null;
  status?: ClientStatus;
}

/** The billing fields present in `input`, as columns. */
function billingColumns({ address_lines, ...rest }: ClientBilling): Updateable<ClientsTable> {
  const columns: Updateable<ClientsTable> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) (columns as Record<string, unknown>)[key] = value;
  if (address_lines !== undefined) columns.address_lines = JSON.stringify(address_lines);
  return columns;
}

const billingOf = (input: ClientInput | ClientPatch): ClientBilling => {
  const { name: _n, email: _e, default_hourly_rate_cents: _r, notes: _no, status: _s, ...billing } = input;
  return billing;
};
export type ClientPatch = Partial<ClientInput>;

export interface ClientListInput {
  status?: ClientStatus;
  q?: string;
  limit: number;
  cursor?: string;
}

const nameTaken = (name: string) => conflict('name_taken', `A client named "${name}" already exists. Choose another name.`);

export async function listClients(
  ctx: AppContext,
  input: ClientListInput,
): Promise<{ rows: ClientRow[]; nextCursor: string | null }> {
  const after = decodeNameCursor(input.cursor);
  const rows = await listClientRows(ctx.db, { status: input.status, q: input.q, limit: input.limit, after });
  return toNamePage(rows, input.limit);
}

export async function getClient(ctx: AppContext, id: number): Promise<ClientRow> {
  const client = await findClient(ctx.db, id);
  if (!client) throw notFound('client');
  return client;
}

export async function createClient(ctx: AppContext, input: ClientInput): Promise<ClientRow> {
  const nameLower = input.name.toLowerCase();
  const now = nowSeconds();
  let client: ClientRow;
  try {
    client = await ctx.db.transaction().execute(async (trx) => {
      if (await clientNameTaken(trx, nameLower)) throw nameTaken(input.name);
      return insertClient(trx, {
        name: input.name,
        name_lower: nameLower,
        email: input.email ?? null,
        default_hourly_rate_cents: input.default_hourly_rate_cents ?? null,
        notes: input.notes ?? null,
        status: input.status ?? 'active',
        created_at: now,
        updated_at: now,
        ...billingColumns(billingOf(input)),
      });
    });
  } catch (error) {
    // A concurrent create of the same name passes the check above and is stopped by the unique index.
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  track('client.created', { client_id: client.id });
  if (client.status === 'archived') track('client.archived', { client_id: client.id });
  return client;
}

export async function changeClient(ctx: AppContext, id: number, patch: ClientPatch): Promise<ClientRow> {
  let before: ClientRow;
  let after: ClientRow;
  try {
    [before, after] = await ctx.db.transaction().execute(async (trx) => {
      const current = await findClient(trx, id);
      if (!current) throw notFound('client');
      const nameLower = patch.name?.toLowerCase();
      if (nameLower !== undefined && (await clientNameTaken(trx, nameLower, id))) throw nameTaken(patch.name!);
      const updated = await updateClient(trx, id, {
        ...(patch.name !== undefined ? { name: patch.name, name_lower: nameLower } : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.default_hourly_rate_cents !== undefined ? { default_hourly_rate_cents: patch.default_hourly_rate_cents } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...billingColumns(billingOf(patch)),
        updated_at: nowSeconds(),
      });
      return [current, updated] as const;
    });
  } catch (error) {
    if (isUniqueViolation(error) && patch.name !== undefined) throw nameTaken(patch.name);
    throw error;
  }
  // The catalog has no client.unarchived event; only the change into "archived" is tracked.
  if (before.status !== 'archived' && after.status === 'archived') track('client.archived', { client_id: id });
  return after;
}

export async function deleteClient(ctx: AppContext, id: number): Promise<void> {
  const inUse = (message: string) => conflict('in_use', message);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await findClient(trx, id))) throw notFound('client');
      if (await clientHasTimeEntries(trx, id)) {
        throw inUse('The client has time entries and cannot be deleted. Archive it instead.');
      }
      const projects = await countClientProjects(trx, id);
      if (projects > 0) {
        throw inUse(`The client still has ${projects} project(s). Delete or move them first, or archive the client instead.`);
      }
      await deleteClientRow(trx, id);
    });
  } catch (error) {
    // A project created for this client concurrently makes the database refuse the delete.
    if (isForeignKeyViolation(error)) throw inUse('The client is in use by projects. Archive it instead.');
    throw error;
  }
  track('client.deleted', { client_id: id });
}
