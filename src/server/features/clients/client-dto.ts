// How a client looks on the wire (API spec: Clients, projects, tasks).
import { z } from 'zod';
import { clientStatusSchema } from '../../../shared/schemas/catalog.js';
import type { ClientRow } from '../../db/schema.js';
import { apiTime, toApiTime, toMoney } from '../../http/wire.js';

export const clientSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  default_hourly_rate: z.string().nullable().describe('decimal string, e.g. "85.00"'),
  notes: z.string().nullable(),
  status: clientStatusSchema,
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(clientSchema, { id: 'Client' });
export type ClientDto = z.infer<typeof clientSchema>;

export function toClientDto(row: ClientRow): ClientDto {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    default_hourly_rate: toMoney(row.default_hourly_rate_cents),
    notes: row.notes,
    status: row.status,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
  };
}
