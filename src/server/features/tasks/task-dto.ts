// How a task looks on the wire (API spec: Clients, projects, tasks).
import { z } from 'zod';
import { taskStatusSchema } from '../../../shared/schemas/catalog.js';
import type { TaskRow } from '../../db/schema.js';
import { apiTime, toApiTime } from '../../http/wire.js';

export const taskSchema = z.object({
  id: z.number().int(),
  project_id: z.number().int(),
  name: z.string(),
  status: taskStatusSchema,
  estimated_hours: z.number().nullable(),
  created_at: apiTime,
  updated_at: apiTime,
});
z.globalRegistry.add(taskSchema, { id: 'Task' });
export type TaskDto = z.infer<typeof taskSchema>;

export function toTaskDto(row: TaskRow): TaskDto {
  return {
    id: row.id,
    project_id: row.project_id,
    name: row.name,
    status: row.status,
    estimated_hours: row.estimated_hours,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
  };
}
