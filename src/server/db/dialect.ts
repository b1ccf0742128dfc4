import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Auto-increment primary key: `serial` on PostgreSQL, `integer ... autoincrement` on SQLite (ids never reused). */
export function idColumn(db: Kysely<unknown>): [
  'serial' | 'integer',
  (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
] {
  return isPostgres(db) ? ['serial', (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()];
}
