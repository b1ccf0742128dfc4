import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// The daily-use issue's stored settings, in one migration (numbered after 010 so databases that already ran 010
// migrate in order):
// - users: `min_timer_seconds` (a timer stopped with less worked time is kept unrounded, and the web UI asks
//   whether to keep it), and the rounding applied in reports and exports (`report_rounding` none/entry/day,
//   `report_rounding_minutes`, `report_rounding_method`). The existing `rounding_minutes`/`rounding_method`
//   stay the rounding of timer stops. Stored times never change with any of them.
// - projects: a money budget (`budget_amount_cents`, like every amount in integer cents) beside `budget_hours`,
//   and whether both budgets count all time or each calendar month (`budget_period`).
export async function up(db: Kysely<unknown>): Promise<void> {
  const big = isPostgres(db) ? 'bigint' : 'integer';
  await db.schema
    .alterTable('users')
    .addColumn('min_timer_seconds', 'integer', (c) => c.notNull().defaultTo(60))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('report_rounding', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('report_rounding_minutes', 'integer', (c) => c.notNull().defaultTo(15))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('report_rounding_method', 'text', (c) => c.notNull().defaultTo('nearest'))
    .execute();
  await db.schema.alterTable('projects').addColumn('budget_amount_cents', big).execute();
  await db.schema
    .alterTable('projects')
    .addColumn('budget_period', 'text', (c) => c.notNull().defaultTo('total'))
    .execute();
  // The budgets' grouped sum reads a project's finished, kept entries from this index alone.
  await db.schema
    .createIndex('time_entries_project_budget')
    .on('time_entries')
    .columns(['project_id', 'start_time', 'duration_seconds', 'billable'])
    .where(sql<boolean>`deleted_at is null and end_time is not null`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('time_entries_project_budget').execute();
  for (const column of ['budget_period', 'budget_amount_cents']) {
    await db.schema.alterTable('projects').dropColumn(column).execute();
  }
  for (const column of ['report_rounding_method', 'report_rounding_minutes', 'report_rounding', 'min_timer_seconds']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
