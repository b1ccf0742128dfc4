// A SQLite database as one SQL text that rebuilds it (what the sqlite3 shell's .dump gives, without needing the
// shell): the schema in creation order, every row as an INSERT, indexes and triggers after the rows.
import type { Database } from 'better-sqlite3';

interface SchemaRow {
  type: string;
  name: string;
  sql: string | null;
}

const quoteName = (name: string) => `"${name.replaceAll('"', '""')}"`;

function literal(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

export function sqliteDump(db: Database): string {
  const schema = db.prepare('select type, name, sql from sqlite_master order by rowid').all() as SchemaRow[];
  const lines = ['PRAGMA foreign_keys=OFF;', 'BEGIN TRANSACTION;'];
  const tables = schema.filter((s) => s.type === 'table' && s.sql && !s.name.startsWith('sqlite_'));
  for (const table of tables) lines.push(`${table.sql!};`);
  // sqlite_sequence exists once a table with AUTOINCREMENT does; its rows keep ids from being reused.
  for (const table of [...tables, ...schema.filter((s) => s.name === 'sqlite_sequence')]) {
    // Integers exactly as stored (no float rounding of large values).
    const rows = db
      .prepare(`select * from ${quoteName(table.name)} order by rowid`)
      .safeIntegers(true)
      .raw(true)
      .all() as unknown[][];
    for (const row of rows) lines.push(`INSERT INTO ${quoteName(table.name)} VALUES(${row.map(literal).join(',')});`);
  }
  for (const other of schema.filter((s) => s.type !== 'table' && s.sql)) lines.push(`${other.sql!};`);
  lines.push('COMMIT;', '');
  return lines.join('\n');
}
