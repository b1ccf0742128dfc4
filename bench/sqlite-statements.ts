// What one run of a list page's statement costs on SQLite, by how it is written (npm run bench:statements): the
// app's schema (all migrations) with one user's entries, the statement prepared once and run again and again, as
// the statement cache does. Two things it shows (docs/performance.md, "List pages read as JSON arrays on SQLite"
// and "A bound LIMIT re-compiled the statement on every run"):
//   - a bound `limit ?` makes SQLite compile the statement again on every run; `limit ? + 0` does not;
//   - better-sqlite3 builds a row value by value (on Node 20 one V8 call each); a JSON array per row is read
//     by JSON.parse instead.
//   npm run bench:statements -- [--entries 500] [--runs 20000]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateToLatest, openDatabase } from '../src/server/db/database.js';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '500' }, runs: { type: 'string', default: '20000' } },
});
const entries = Number(values.entries);
const runs = Number(values.runs);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-statements-'));
const file = path.join(dir, 'timetracker.sqlite');
const database = await openDatabase({ sqliteFile: file });
await migrateToLatest(database.db);
await database.close();

const db = new Database(file);
db.exec(`insert into users (id, username, username_lower, signup_method, created_at, updated_at) values (1, 'bench', 'bench', 'local', 0, 0);
  insert into projects (id, name, name_lower, created_at, updated_at) values (1, 'Bench', 'bench', 0, 0);`);
const insert = db.prepare(`insert into time_entries (user_id, project_id, start_time, end_time, duration_seconds, break_seconds,
  notes, billable, source, created_at, updated_at) values (1, 1, ?, ?, 1800, 0, ?, 1, 'timer', ?, ?)`);
db.transaction(() => {
  for (let i = 0; i < entries; i++) {
    const start = 1_790_000_000 + i * 3600;
    insert.run(start, start + 1800, i % 3 ? `Worked on item ${i}` : null, start, start);
  }
})();

// Every column of the table as the migrations left it, in table order (what the list reads, without the client).
const COLUMNS = db.prepare(`select name from pragma_table_info('time_entries')`).pluck().all() as string[];
const list = COLUMNS.map((c) => `time_entries.${c}`).join(', ');
const client = '(select projects.client_id from projects where projects.id = time_entries.project_id)';
const page = (select: string, limit: string) =>
  `select ${select} from time_entries where time_entries.deleted_at is null and time_entries.user_id = ? ` +
  `order by time_entries.start_time desc, time_entries.id desc limit ${limit}`;

const cases: [string, string, unknown[], 'raw' | 'json'][] = [
  ['columns, limit ? (bound)', page(`${list}, ${client} as client_id`, '?'), [1, 101], 'raw'],
  ['columns, limit ? + 0', page(`${list}, ${client} as client_id`, '? + 0'), [1, 101], 'raw'],
  ['columns, limit 101 (literal)', page(`${list}, ${client} as client_id`, '101'), [1], 'raw'],
  ['JSON array per row, limit ? + 0', page(`json_array(${list}, ${client}) as json`, '? + 0'), [1, 101], 'json'],
];

console.log(
  `${entries} entries, page of 101, ${runs} runs each after ${runs / 10} warm-up runs, Node ${process.versions.node}\n`,
);
console.log('| statement | µs per run |');
console.log('|---|---|');
for (const [label, text, params, kind] of cases) {
  const statement = db.prepare(text);
  const run =
    kind === 'raw'
      ? (() => {
          statement.raw(true);
          return () => statement.all(...params);
        })()
      : (() => {
          statement.pluck(true);
          return () => (statement.all(...params) as string[]).map((json) => JSON.parse(json) as unknown[]);
        })();
  if ((run() as unknown[]).length !== Math.min(101, entries)) throw new Error(`${label}: wrong row count`);
  for (let i = 0; i < runs / 10; i++) run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) run();
  console.log(`| ${label} | ${(Number(process.hrtime.bigint() - started) / runs / 1000).toFixed(1)} |`);
}
db.close();
fs.rmSync(dir, { recursive: true, force: true });
