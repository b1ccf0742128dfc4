// How a time entry looks on the wire (API spec: Time entries), and the request fields entries and the timer share.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { apiTime, toApiTime } from '../../http/wire.js';
import type { EntryRow } from './time-entries.queries.js';
import { tagsForEntries } from './tags.queries.js';
import { invoicedEntries } from '../invoices/invoices.queries.js';

export const entrySchema = z.object({
  id: z.number().int(),
  user_id: z.number().int(),
  project_id: z.number().int(),
  client_id: z.number().int().nullable(),
  task_id: z.number().int().nullable(),
  start_time: apiTime,
  end_time: apiTime.nullable().describe('null only for the running timer'),
  duration_seconds: z
    .number()
    .int()
    .nullable()
    .describe('worked seconds: end − start − breaks (timer entries: then rounded); null while running'),
  break_seconds: z.number().int(),
  notes: z.string().nullable(),
  tags: z.array(z.string()).describe('sorted case-insensitively'),
  billable: z.boolean(),
  source: z.enum(['timer', 'manual', 'import', 'timesheet']).describe('timesheet: made by PUT /timesheet/cell'),
  invoice_number: z
    .string()
    .nullable()
    .describe('the number of the issued or paid invoice that bills this entry (it cannot be changed then); null otherwise'),
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(entrySchema, { id: 'TimeEntry' });
export type EntryDto = z.infer<typeof entrySchema>;

export function toEntryDto(row: EntryRow, tags: string[], invoiceNumber: string | null = null): EntryDto {
  return {
    id: row.id,
    user_id: row.user_id,
    project_id: row.project_id,
    client_id: row.client_id,
    task_id: row.task_id,
    start_time: toApiTime(row.start_time),
    end_time: toApiTime(row.end_time),
    duration_seconds: row.duration_seconds,
    break_seconds: row.break_seconds,
    notes: row.notes,
    tags,
    billable: row.billable === 1,
    source: row.source,
    invoice_number: invoiceNumber,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
  };
}

export async function toEntryDtos(db: Kysely<DB>, rows: EntryRow[]): Promise<EntryDto[]> {
  const ids = rows.map((r) => r.id);
  const [tags, invoiced] = await Promise.all([tagsForEntries(db, ids), invoicedEntries(db, ids)]);
  return rows.map((r) => toEntryDto(r, tags.get(r.id) ?? [], invoiced.get(r.id) ?? null));
}

export async function entryDto(db: Kysely<DB>, row: EntryRow): Promise<EntryDto> {
  const [dto] = await toEntryDtos(db, [row]);
  return dto as EntryDto;
}
