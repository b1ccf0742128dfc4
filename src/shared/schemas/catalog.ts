// The request bodies of clients, projects and tasks (API spec: Clients, projects, tasks). The server's routes
// validate with them and the web's forms check their values with them before sending.
import { z } from 'zod';
import { clientBillingFields } from './invoicing.js';
import { emailSchema, FIELD_MESSAGES, hours, id, longText, money, nameText } from './fields.js';

export const clientStatusSchema = z.enum(['active', 'archived']);
export const projectStatusSchema = z.enum(['active', 'archived']);
export const taskStatusSchema = z.enum(['todo', 'in_progress', 'done']);
export const budgetPeriodSchema = z.enum(['total', 'monthly']).describe('what the budgets count: all time, or each month');

export const clientBody = z.strictObject({
  name: nameText,
  email: emailSchema.optional(),
  default_hourly_rate: money.nullable().optional().describe('decimal string or number, e.g. "85.00"'),
  notes: longText.nullable().optional(),
  status: clientStatusSchema.optional(),
  ...clientBillingFields,
});

export const projectBody = z.strictObject({
  name: nameText,
  client_id: id.nullable().optional().describe('an existing, active client; null for none'),
  description: longText.nullable().optional(),
  billable: z.boolean().optional().describe('default true'),
  hourly_rate: money.nullable().optional().describe('decimal string or number, e.g. "85.00"'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, FIELD_MESSAGES.color)
    .transform((c) => c.toLowerCase())
    .nullable()
    .optional(),
  budget_hours: hours.nullable().optional(),
  budget_amount: money.nullable().optional().describe('money budget, decimal string or number, e.g. "5000.00"; null for none'),
  budget_period: budgetPeriodSchema.optional().describe('"total" (default) or "monthly": both budgets reset each month'),
  status: projectStatusSchema.optional(),
});

const estimatedHours = hours.nullable();

export const taskCreateBody = z.strictObject({
  project_id: id,
  name: nameText,
  status: taskStatusSchema.optional().describe('default "todo"'),
  estimated_hours: estimatedHours.optional(),
});

export const taskPatchBody = z.strictObject({
  name: nameText.optional(),
  status: taskStatusSchema.optional(),
  estimated_hours: estimatedHours.optional().describe('administrators only'),
  project_id: id.optional().describe('administrators only; not for a task that has time entries'),
});
