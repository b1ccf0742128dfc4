import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres } from '../dialect.js';

// One migration file serves both databases; the only dialect difference is how an auto-increment id is spelt.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const [idType, idConstraint] = idColumn(db);
  const big = pg ? 'bigint' : 'integer';
  const real = 'double precision';

  await db.schema
    .createTable('installation')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('install_id', 'text', (c) => c.notNull())
    .addColumn('analytics_secret', 'text', (c) => c.notNull())
    .addColumn('setup_complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('telemetry_consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('product_analytics_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('install_event_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_run_version', 'text')
    .addColumn('first_seen_version', 'text', (c) => c.notNull())
    .addColumn('first_seen_platform', 'text', (c) => c.notNull())
    .addColumn('first_seen_node_version', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', idType, idConstraint)
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_lower', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text')
    .addColumn('full_name', 'text')
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('auth_method', 'text', (c) => c.notNull().defaultTo('local'))
    .addColumn('signup_method', 'text', (c) => c.notNull())
    .addColumn('oidc_issuer', 'text')
    .addColumn('oidc_subject', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('last_login_at', big)
    .addColumn('first_login_at', big)
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo('system'))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('date_format', 'text', (c) => c.notNull().defaultTo('YYYY-MM-DD'))
    .addColumn('time_format', 'text', (c) => c.notNull().defaultTo('24h'))
    .addColumn('week_start', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rounding_minutes', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rounding_method', 'text', (c) => c.notNull().defaultTo('nearest'))
    .addColumn('standard_hours_per_day', real, (c) => c.notNull().defaultTo(8))
    .addColumn('weekly_goal_hours', real)
    .addColumn('analytics_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('users_oidc_identity').unique().on('users').columns(['oidc_issuer', 'oidc_subject']).execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', idType, idConstraint)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('default_hourly_rate_cents', big)
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', idType, idConstraint)
    .addColumn('client_id', 'integer', (c) => c.references('clients.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hourly_rate_cents', big)
    .addColumn('color', 'text')
    .addColumn('budget_hours', real)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  // Names are unique per client (projects without a client share the "no client" namespace).
  await sql`create unique index projects_client_name on projects (coalesce(client_id, 0), name_lower)`.execute(db);
  await db.schema.createIndex('projects_client').on('projects').column('client_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', idType, idConstraint)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('todo'))
    .addColumn('estimated_hours', real)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_project').on('tasks').column('project_id').execute();

  await db.schema
    .createTable('time_entries')
    .addColumn('id', idType, idConstraint)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id'))
    .addColumn('start_time', big, (c) => c.notNull())
    .addColumn('end_time', big)
    .addColumn('duration_seconds', big)
    .addColumn('break_seconds', big, (c) => c.notNull().defaultTo(0))
    .addColumn('paused_at', big)
    .addColumn('notes', 'text')
    .addColumn('billable', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('time_entries_user_start').on('time_entries').columns(['user_id', 'start_time', 'id']).execute();
  await db.schema.createIndex('time_entries_start').on('time_entries').columns(['start_time', 'id']).execute();
  await db.schema.createIndex('time_entries_project_start').on('time_entries').columns(['project_id', 'start_time']).execute();
  await db.schema.createIndex('time_entries_task').on('time_entries').column('task_id').execute();
  // At most one running timer per user, enforced by the database even under concurrent starts.
  await db.schema
    .createIndex('time_entries_one_running_timer')
    .unique()
    .on('time_entries')
    .column('user_id')
    .where(sql.ref('end_time'), 'is', null)
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', idType, idConstraint)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_lower', 'text', (c) => c.notNull())
    .addUniqueConstraint('tags_user_name', ['user_id', 'name_lower'])
    .execute();

  await db.schema
    .createTable('time_entry_tags')
    .addColumn('time_entry_id', 'integer', (c) => c.notNull().references('time_entries.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('time_entry_tags_pk', ['time_entry_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('time_entry_tags_tag').on('time_entry_tags').columns(['tag_id', 'time_entry_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', idType, idConstraint)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', big)
    .addColumn('last_used_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('auth_method', 'text', (c) => c.notNull())
    .addColumn('oidc_id_token', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_seen_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('auth_failures')
    .addColumn('id', idType, idConstraint)
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_failures_key_at').on('auth_failures').columns(['key', 'at']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('lease_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_run_at', big)
    .addColumn('last_error', 'text')
    .addColumn('next_run_at', big)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be reverted; restore a backup instead.');
}
