import { sql, type Kysely } from 'kysely';

// Onboarding funnel: which "first" steps each user has reached, so funnel.onboarding.* events fire exactly once
// per user (an insert that conflicts on the primary key means "not the first"). Existing data is backfilled so
// an upgrade never reports an old user's hundredth entry as their first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('analytics_funnel_steps')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('reached_at', sql`bigint`, (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_funnel_steps_pk', ['user_id', 'step'])
    .execute();
  await sql`
    insert into analytics_funnel_steps (user_id, step, reached_at)
    select user_id, 'first_timer_started', min(created_at) from time_entries where source = 'timer' group by user_id`.execute(db);
  await sql`
    insert into analytics_funnel_steps (user_id, step, reached_at)
    select user_id, 'first_time_logged', min(created_at) from time_entries
    where source in ('timer', 'manual') and end_time is not null group by user_id`.execute(db);
  // Projects have no owner column: when any project exists, every existing user counts as past this step.
  await sql`
    insert into analytics_funnel_steps (user_id, step, reached_at)
    select u.id, 'first_project_created', (select min(created_at) from projects) from users u
    where exists (select 1 from projects)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('analytics_funnel_steps').execute();
}
