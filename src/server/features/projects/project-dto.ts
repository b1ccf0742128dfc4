// How a project looks on the wire (API spec: Clients, projects, tasks).
import { z } from 'zod';
import { projectStatusSchema } from '../../../shared/schemas/catalog.js';
import type { ProjectRow } from '../../db/schema.js';
import { apiTime, toApiTime, toMoney } from '../../http/wire.js';

export const projectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  client_id: z.number().int().nullable(),
  description: z.string().nullable(),
  billable: z.boolean(),
  hourly_rate: z.string().nullable().describe('decimal string, e.g. "85.00"'),
  color: z.string().nullable().describe('#rrggbb'),
  budget_hours: z.number().nullable(),
  status: projectStatusSchema,
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(projectSchema, { id: 'Project' });
export type ProjectDto = z.infer<typeof projectSchema>;

export function toProjectDto(row: ProjectRow): ProjectDto {
  return {
    id: row.id,
    name: row.name,
    client_id: row.client_id,
    description: row.description,
    billable: row.billable === 1,
    hourly_rate: toMoney(row.hourly_rate_cents),
    color: row.color,
    budget_hours: row.budget_hours,
    status: row.status,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
  };
}
