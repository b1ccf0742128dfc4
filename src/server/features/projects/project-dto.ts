// How a project looks on the wire (API spec: Clients, projects, tasks).
import { z } from 'zod';
import { budgetPeriodSchema, projectStatusSchema } from '../../../shared/schemas/catalog.js';
import type { ProjectRow } from '../../db/schema.js';
import { apiTime, toApiTime, toMoney } from '../../http/wire.js';
import { centsFromCentSeconds } from '../reports/report-math.js';
import { budgetUsed } from './budget.js';
import type { ProjectSpend } from './projects.queries.js';

export const projectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  client_id: z.number().int().nullable(),
  description: z.string().nullable(),
  billable: z.boolean(),
  hourly_rate: z.string().nullable().describe('decimal string, e.g. "85.00"'),
  color: z.string().nullable().describe('#rrggbb'),
  budget_hours: z.number().nullable(),
  budget_amount: z.string().nullable().describe('money budget, decimal string, e.g. "5000.00"'),
  budget_period: budgetPeriodSchema,
  status: projectStatusSchema,
  created_at: apiTime,
  updated_at: apiTime,
  spent_seconds: z
    .number()
    .int()
    .describe(
      'stored duration of the finished entries of every user in the budget period (all time, or those starting in ' +
        'the current month of the instance time zone)',
    ),
  spent_amount: z
    .string()
    .nullable()
    .describe("billable seconds in the period × the project's rate, else its client's; null without a rate"),
  budget_used: z
    .number()
    .nullable()
    .describe('the larger of time and money use (1 = 100 %), four decimals; null without a budget'),
});
z.globalRegistry.add(projectSchema, { id: 'Project' });
export type ProjectDto = z.infer<typeof projectSchema>;

export function toProjectDto(row: ProjectRow, spend: ProjectSpend | undefined): ProjectDto {
  const seconds = spend?.seconds ?? 0;
  const rate = spend?.rate_cents ?? null;
  const spentCents = rate === null ? null : centsFromCentSeconds((spend?.billable_seconds ?? 0) * rate);
  return {
    id: row.id,
    name: row.name,
    client_id: row.client_id,
    description: row.description,
    billable: row.billable === 1,
    hourly_rate: toMoney(row.hourly_rate_cents),
    color: row.color,
    budget_hours: row.budget_hours,
    budget_amount: toMoney(row.budget_amount_cents),
    budget_period: row.budget_period,
    status: row.status,
    created_at: toApiTime(row.created_at),
    updated_at: toApiTime(row.updated_at),
    spent_seconds: seconds,
    spent_amount: toMoney(spentCents),
    budget_used: budgetUsed(
      { hours: row.budget_hours, amountCents: row.budget_amount_cents },
      { seconds, amountCents: spentCents },
    ),
  };
}
