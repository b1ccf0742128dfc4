// Fills a fresh database with a realistic history for the report/export benchmarks (npm run bench:seed):
//   npm run bench:seed -- --entries 1000000 --users 400 --projects 4000 --tags 50000 [--data-dir data/bench] [--seed 1]
// SQLite (DATA_DIR/timetracker.sqlite, default data/bench) unless DATABASE_URL points to PostgreSQL. The schema is
// created by the app's migrations; rows go in with explicit ids in large multi-row batches inside transactions
// (SQLite: prepared multi-row INSERTs; PostgreSQL: one INSERT … SELECT FROM unnest(arrays) per 10,000 rows).
// Everyone's password is BENCH_PASSWORD; the admin is "bench-admin", users are "bench-user-001" …
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/server/config/config.js';
import { migrateToLatest, openDatabase } from '../src/server/db/database.js';
import { ensureInstallation } from '../src/server/features/installation/installation.js';
import { hashPassword } from '../src/server/features/auth/passwords.js';
import { sqliteFileFor } from '../src/server/runtime.js';
import { APP_VERSION } from '../src/server/version.js';
import { zonedTimeToEpoch } from '../src/shared/time-math.js';
import { BENCH_ADMIN, BENCH_PASSWORD, SEED_END, benchUser } from './report-data.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '400' },
    projects: { type: 'string', default: '4000' },
    tags: { type: 'string', default: '50000' },
    clients: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: 'data/bench' },
    /** Entries back to back, one every N minutes day and night (many entries for few users: bench/export-rows.ts). */
    'minutes-apart': { type: 'string' },
  },
});
const MINUTES_APART = values['minutes-apart'] === undefined ? undefined : Number(values['minutes-apart']);
if (MINUTES_APART !== undefined && !(Number.isInteger(MINUTES_APART) && MINUTES_APART >= 2))
  throw new Error('--minutes-apart must be an integer of at least 2');
const N = {
  entries: Number(values.entries),
  users: Number(values.users),
  projects: Number(values.projects),
  tags: Number(values.tags),
  clients: Number(values.clients ?? Math.max(1, Math.round(Number(values.projects) / 10))),
};
for (const [k, v] of Object.entries(N)) if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);

/** Deterministic PRNG (mulberry32), so every run produces the same data for the same --seed. */
let state = Number(values.seed) >>> 0 || 1;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const WORDS =
  'review fix deploy meeting design write test plan call sync refactor invoice support onboarding research draft budget release migrate debug'.split(
    ' ',
  );
const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata'];

type ColumnType = 'int' | 'bigint' | 'text' | 'float';
interface Table {
  name: string;
  columns: [string, ColumnType][];
}
interface Writer {
  insert(table: Table, rows: unknown[][]): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  finish(): Promise<void>;
}

function sqliteWriter(file: string): Writer {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -262144');
  const statements = new Map<string, SQLite.Statement>();
  const ROWS_PER_STATEMENT = 200;
  const statement = (table: Table, rows: number) => {
    const key = `${table.name}:${rows}`;
    let s = statements.get(key);
    if (!s) {
      const tuple = `(${table.columns.map(() => '?').join(',')})`;
      s = db.prepare(
        `insert into ${table.name} (${table.columns.map((c) => c[0]).join(',')}) values ${Array(rows).fill(tuple).join(',')}`,
      );
      statements.set(key, s);
    }
    return s;
  };
  return {
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const part = rows.slice(i, i + ROWS_PER_STATEMENT);
        statement(table, part.length).run(part.flat());
      }
    },
    async begin() {
      db.exec('begin');
    },
    async commit() {
      db.exec('commit');
    },
    async finish() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}

function postgresWriter(client: pg.Client): Writer {
  const PG_TYPES: Record<ColumnType, string> = { int: 'int4', bigint: 'int8', text: 'text', float: 'float8' };
  return {
    async insert(table, rows) {
      for (let i = 0; i < rows.length; i += 10_000) {
        const part = rows.slice(i, i + 10_000);
        const arrays = table.columns.map((_, c) => part.map((r) => r[c]));
        const unnest = table.columns.map(([, type], c) => `$${c + 1}::${PG_TYPES[type]}[]`).join(', ');
        await client.query(
          `insert into ${table.name} (${table.columns.map((c) => c[0]).join(',')}) select * from unnest(${unnest})`,
          arrays,
        );
      }
    },
    async begin() {
      await client.query('begin');
    },
    async commit() {
      await client.query('commit');
    },
    async finish() {
      for (const t of ['users', 'clients', 'projects', 'tasks', 'tags', 'time_entries']) {
        await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
      }
      await client.query('analyze');
      await client.end();
    },
  };
}

const T = {
  users: {
    name: 'users',
    columns: [
      ['id', 'int'],
      ['username', 'text'],
      ['username_lower', 'text'],
      ['password_hash', 'text'],
      ['role', 'text'],
      ['active', 'int'],
      ['auth_method', 'text'],
      ['signup_method', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
      ['timezone', 'text'],
      ['week_start', 'int'],
    ],
  },
  clients: {
    name: 'clients',
    columns: [
      ['id', 'int'],
      ['name', 'text'],
      ['name_lower', 'text'],
      ['default_hourly_rate_cents', 'bigint'],
      ['status', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  projects: {
    name: 'projects',
    columns: [
      ['id', 'int'],
      ['client_id', 'int'],
      ['name', 'text'],
      ['name_lower', 'text'],
      ['billable', 'int'],
      ['hourly_rate_cents', 'bigint'],
      ['status', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  tasks: {
    name: 'tasks',
    columns: [
      ['id', 'int'],
      ['project_id', 'int'],
      ['name', 'text'],
      ['status', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  tags: {
    name: 'tags',
    columns: [
      ['id', 'int'],
      ['user_id', 'int'],
      ['name', 'text'],
      ['name_lower', 'text'],
    ],
  },
  entries: {
    name: 'time_entries',
    columns: [
      ['id', 'int'],
      ['user_id', 'int'],
      ['project_id', 'int'],
      ['task_id', 'int'],
      ['start_time', 'bigint'],
      ['end_time', 'bigint'],
      ['duration_seconds', 'bigint'],
      ['break_seconds', 'bigint'],
      ['notes', 'text'],
      ['billable', 'int'],
      ['source', 'text'],
      ['created_at', 'bigint'],
      ['updated_at', 'bigint'],
    ],
  },
  entryTags: {
    name: 'time_entry_tags',
    columns: [
      ['time_entry_id', 'int'],
      ['tag_id', 'int'],
    ],
  },
} satisfies Record<string, Table>;

async function main(): Promise<void> {
  const started = performance.now();
  const env = {
    ...process.env,
    DATA_DIR: process.env.DATABASE_URL ? (process.env.DATA_DIR ?? values['data-dir']) : path.resolve(values['data-dir']),
  };
  const config = loadConfig(env);
  const database = await openDatabase({ url: config.DATABASE_URL, sqliteFile: sqliteFileFor(config), poolSize: 2 });
  await migrateToLatest(database.db);
  await ensureInstallation(database.db, APP_VERSION);
  const existing = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) {
    await database.close();
    throw new Error(
      `${database.location} already has users; seed a fresh database (delete the SQLite file or create a new PostgreSQL database).`,
    );
  }
  await database.db.updateTable('installation').set({ setup_complete: 1 }).execute();
  const location = database.location;
  await database.close();

  let writer: Writer;
  if (config.DATABASE_URL) {
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    writer = postgresWriter(client);
  } else {
    writer = sqliteWriter(sqliteFileFor(config));
  }
  console.error(
    `Seeding ${location}: ${N.entries} entries, ${N.users} users, ${N.clients} clients, ${N.projects} projects, ${N.tags} tags`,
  );

  const now = SEED_END;
  const hash = await hashPassword(BENCH_PASSWORD);
  const userRows: unknown[][] = [
    [1, BENCH_ADMIN, BENCH_ADMIN, hash, 'admin', 1, 'local', 'setup', now - 800 * 86_400, now, 'Europe/Berlin', 1],
  ];
  const zones: string[] = [];
  for (let i = 0; i < N.users; i++) {
    const zone = pick(ZONES);
    zones.push(zone);
    userRows.push([
      i + 2,
      benchUser(i),
      benchUser(i),
      hash,
      'user',
      1,
      'local',
      'admin',
      now - 800 * 86_400,
      now,
      zone,
      zone === 'America/New_York' ? 0 : 1,
    ]);
  }
  const userId = (i: number) => i + 2;

  const clientRows = Array.from({ length: N.clients }, (_, i) => [
    i + 1,
    `Client ${i + 1}`,
    `client ${i + 1}`,
    random() < 0.6 ? int(40, 150) * 100 : null,
    'active',
    now - 800 * 86_400,
    now,
  ]);
  const projectRows = Array.from({ length: N.projects }, (_, i) => {
    const client = random() < 0.9 ? int(1, N.clients) : null;
    return [
      i + 1,
      client,
      `Project ${i + 1}`,
      `project ${i + 1}`,
      random() < 0.85 ? 1 : 0,
      random() < 0.5 ? int(50, 200) * 100 : null,
      random() < 0.05 ? 'archived' : 'active',
      now - 800 * 86_400,
      now,
    ];
  });
  const taskRows: unknown[][] = [];
  const tasksByProject = new Map<number, number[]>();
  for (let p = 1; p <= N.projects; p++) {
    if (random() < 0.3) {
      const ids: number[] = [];
      for (let k = 0; k < int(1, 4); k++) {
        const id = taskRows.length + 1;
        taskRows.push([id, p, `Task ${id}`, pick(['todo', 'in_progress', 'done']), now - 800 * 86_400, now]);
        ids.push(id);
      }
      tasksByProject.set(p, ids);
    }
  }
  const tagRows: unknown[][] = [];
  const tagsByUser: number[][] = [];
  for (let u = 0; u < N.users; u++) {
    const ids: number[] = [];
    const count = Math.floor(N.tags / N.users) + (u < N.tags % N.users ? 1 : 0);
    for (let k = 0; k < count; k++) {
      const id = tagRows.length + 1;
      tagRows.push([id, userId(u), `tag-${k + 1}`, `tag-${k + 1}`]);
      ids.push(id);
    }
    tagsByUser.push(ids);
  }

  await writer.begin();
  await writer.insert(T.users, userRows);
  await writer.insert(T.clients, clientRows);
  await writer.insert(T.projects, projectRows);
  await writer.insert(T.tasks, taskRows);
  await writer.insert(T.tags, tagRows);
  await writer.commit();

  // Entries: each user works through weekdays backwards from SEED_END, 2-6 entries a day between 07:00 and
  // 20:00 local time (a few run past midnight), on a handful of "their" projects. 5 % of users have a timer running.
  let nextEntryId = 1;
  let written = 0;
  const BATCH = 50_000;
  let entries: unknown[][] = [];
  let links: unknown[][] = [];
  const flush = async () => {
    await writer.begin();
    await writer.insert(T.entries, entries);
    await writer.insert(T.entryTags, links);
    await writer.commit();
    written += entries.length;
    entries = [];
    links = [];
    process.stderr.write(`\r  ${written}/${N.entries} entries (${Math.round((performance.now() - started) / 1000)} s)`);
  };
  for (let u = 0; u < N.users; u++) {
    const quota = Math.floor(N.entries / N.users) + (u < N.entries % N.users ? 1 : 0);
    const zone = zones[u] as string;
    const own = Array.from({ length: int(4, 25) }, () => int(1, N.projects));
    const myTags = tagsByUser[u] as number[];
    let made = 0;
    if (random() < 0.05 && made < quota) {
      const start = now - int(600, 7200);
      entries.push([nextEntryId++, userId(u), pick(own), null, start, null, null, 0, 'running timer', 1, 'timer', start, start]);
      made += 1;
    }
    const entry = (start: number, span: number) => {
      // Dense entries are short: their breaks are capped at half the entry.
      const brk = Math.min(random() < 0.1 ? int(5, 30) * 60 : 0, MINUTES_APART === undefined ? Infinity : Math.floor(span / 2));
      const project = pick(own);
      const tasks = tasksByProject.get(project);
      const id = nextEntryId++;
      entries.push([
        id,
        userId(u),
        project,
        tasks && random() < 0.6 ? pick(tasks) : null,
        start,
        start + span,
        span - brk,
        brk,
        random() < 0.85 ? `${pick(WORDS)} ${pick(WORDS)} #${int(1, 9999)}` : null,
        random() < 0.8 ? 1 : 0,
        random() < 0.6 ? 'timer' : 'manual',
        start + span,
        start + span,
      ]);
      const tagCount = myTags.length === 0 ? 0 : random() < 0.4 ? 0 : random() < 0.7 ? 1 : int(2, 3);
      const chosen = new Set<number>();
      while (chosen.size < Math.min(tagCount, myTags.length)) chosen.add(pick(myTags));
      for (const tag of chosen) links.push([id, tag]);
      made += 1;
    };
    if (MINUTES_APART !== undefined) {
      // Dense: one entry every MINUTES_APART minutes backwards from an hour before SEED_END.
      for (let k = 1; made < quota; k++) {
        entry(now - 3600 - k * MINUTES_APART * 60, int(MINUTES_APART * 30, MINUTES_APART * 60 - 60));
        if (entries.length >= BATCH) await flush();
      }
    }
    for (let day = 0; made < quota; day++) {
      const noon = now - day * 86_400;
      const d = new Date(noon * 1000);
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
      const dayStart = zonedTimeToEpoch(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), int(7, 9), int(0, 59), 0, zone);
      let t = dayStart;
      const perDay = int(2, 6);
      for (let k = 0; k < perDay && made < quota; k++) {
        // Now and then the last entry of a day is late work running past midnight.
        const late = random() < 0.02;
        if (late) t = Math.max(t, dayStart + int(12, 14) * 3600);
        const span = late ? int(2, 5) * 3600 : int(15, 180) * 60;
        if (!late && t - dayStart > 11 * 3600) break;
        const start = t;
        const end = start + span;
        if (end > now - 3600) break;
        entry(start, span);
        t = end + int(5, 90) * 60;
        if (late) break;
      }
      if (day > 20_000) break;
    }
    if (entries.length >= BATCH) await flush();
  }
  if (entries.length > 0) await flush();
  process.stderr.write('\n');
  await writer.finish();
  console.log(
    JSON.stringify({
      database: config.DATABASE_URL ? 'postgres' : 'sqlite',
      location,
      entries: written,
      users: N.users,
      clients: N.clients,
      projects: N.projects,
      tasks: taskRows.length,
      tags: tagRows.length,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }),
  );
}

await main();
