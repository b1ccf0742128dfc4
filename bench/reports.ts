// Report, listing and export timings on a database filled by bench/seed.ts (npm run bench:reports):
//   npm run bench:reports -- [--data-dir data/bench] [--runs 20]        (SQLite; DATABASE_URL for PostgreSQL)
// Starts the app in this process on a loopback port (production mode) and calls it over HTTP with fetch:
// month summary by project for one user and for all users, the entry list's first page and a deep page
// (a cursor 2,000 entries into one user's history and 500,000 into everyone's), and a full CSV export of
// every entry, streamed and counted (rows/s, and the process's resident memory sampled every 25 ms).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createRuntime } from '../src/server/runtime.js';
import { encodeCursor } from '../src/server/http/wire.js';
import { BENCH_ADMIN, BENCH_PASSWORD, SEED_END, benchUser } from './report-data.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: 'data/bench' },
    runs: { type: 'string', default: '20' },
    'skip-export': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const loadAtStart = os.loadavg();

const env: Record<string, string | undefined> = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATA_DIR: process.env.DATABASE_URL ? (process.env.DATA_DIR ?? values['data-dir']) : path.resolve(values['data-dir']),
  PORT: '0',
  HOST: '127.0.0.1',
  ADMIN_USERNAME: undefined,
  ADMIN_PASSWORD: undefined,
};
const runtime = await createRuntime(env, { logger: false });
const kind = runtime.database.kind;
await runtime.app.listen({ port: 0, host: '127.0.0.1' });
const address = runtime.app.server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
const base = `http://127.0.0.1:${address.port}/api/v1`;

async function login(username: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200)
    throw new Error(`login ${username}: ${res.status} ${await res.text()} (seed the database with npm run bench:seed first)`);
  const cookie = /tt_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

const admin = await login(BENCH_ADMIN);
const user = await login(benchUser(0));
const userId = (
  await runtime.ctx.db.selectFrom('users').select('id').where('username', '=', benchUser(0)).executeTakeFirstOrThrow()
).id;
const totalEntries = Number(
  (
    await runtime.ctx.db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
);

interface Timing {
  scenario: string;
  median: number;
  p95: number;
  min: number;
  /** CPU time of this Node.js process (app + client; PostgreSQL's own work is not in it), median. */
  cpu: number;
  detail: string;
}
const results: Timing[] = [];

async function measure(scenario: string, url: string, cookie: string, describe: (body: any) => string): Promise<void> {
  const once = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    const body = await res.json();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (res.status !== 200) throw new Error(`${scenario}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, cpu: (used.user + used.system) / 1000, body };
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  const cpus: number[] = [];
  let last: unknown;
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    times.push(r.ms);
    cpus.push(r.cpu);
    last = r.body;
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  const t = {
    scenario,
    median: at(0.5),
    p95: at(0.95),
    min: times[0] as number,
    cpu: cpus[Math.floor(cpus.length / 2)] as number,
    detail: describe(last),
  };
  results.push(t);
  console.error(
    `${scenario}: median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, cpu ${t.cpu.toFixed(1)} ms (${t.detail})`,
  );
}

// The last full month of the seeded history, in UTC.
const end = new Date(SEED_END * 1000);
const monthFrom = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1)).toISOString();
const monthTo = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1)).toISOString();
const month = `from=${monthFrom}&to=${monthTo}&timezone=UTC`;
const groups = (b: any) => `${b.groups.length} groups, ${b.groups.reduce((s: number, g: any) => s + g.entry_count, 0)} entries`;

await measure('Summary, month by project, one user', `/reports/summary?${month}&group_by=project`, user, groups);
await measure('Summary, month by project, all users', `/reports/summary?${month}&group_by=project&user_id=all`, admin, groups);
await measure('Summary, month by day, all users', `/reports/summary?${month}&group_by=day&user_id=all`, admin, groups);
await measure('Summary, month by tag, all users', `/reports/summary?${month}&group_by=tag&user_id=all`, admin, groups);
await measure(
  'Summary, year by week, all users',
  `/reports/summary?from=${new Date((SEED_END - 365 * 86_400) * 1000).toISOString()}&to=${monthTo}&group_by=week&user_id=all&timezone=UTC`,
  admin,
  groups,
);

const cursorAt = async (offset: number, uid?: number) => {
  let q = runtime.ctx.db.selectFrom('time_entries').select(['start_time', 'id']);
  if (uid !== undefined) q = q.where('user_id', '=', uid);
  const row = await q.orderBy('start_time', 'desc').orderBy('id', 'desc').offset(offset).limit(1).executeTakeFirstOrThrow();
  return encodeURIComponent(encodeCursor([row.start_time, row.id]));
};
const items = (b: any) => `${b.items.length} items`;
await measure('List, first page (50), one user', '/time-entries?limit=50', user, items);
await measure('List, first page (50), all users', '/time-entries?limit=50&user_id=all', admin, items);
const userEntries = Number(
  (
    await runtime.ctx.db
      .selectFrom('time_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  ).n,
);
const userDeep = Math.min(2000, Math.floor(userEntries * 0.8));
await measure(
  `List, deep page (entry ${userDeep.toLocaleString('en')}), one user`,
  `/time-entries?limit=50&cursor=${await cursorAt(userDeep, userId)}`,
  user,
  items,
);
await measure(
  `List, deep page (entry ${Math.floor(totalEntries / 2).toLocaleString('en')}), all users`,
  `/time-entries?limit=50&user_id=all&cursor=${await cursorAt(Math.floor(totalEntries / 2))}`,
  admin,
  items,
);
await measure(
  'List, month filter, page 1, all users',
  `/time-entries?limit=50&user_id=all&from=${monthFrom}&to=${monthTo}`,
  admin,
  items,
);

interface ExportResult {
  scenario: string;
  rows: number;
  mb: number;
  seconds: number;
  rowsPerSecond: number;
  /** Rows per second of this process's CPU time (app + client; PostgreSQL's own work is not in it). */
  rowsPerCpuSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Peak RSS in each quarter of the export: flat memory shows as four similar numbers. */
  rssQuartersMb: number[];
}
const exports: ExportResult[] = [];

async function measureExport(scenario: string, url: string): Promise<void> {
  const rssBefore = process.memoryUsage.rss();
  const samples: { at: number; rss: number }[] = [];
  const started = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now(), rss: process.memoryUsage.rss() }), 25);
  const cpu = process.cpuUsage();
  const res = await fetch(`${base}${url}`, { headers: { cookie: admin } });
  if (res.status !== 200 || !res.body) throw new Error(`${scenario}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let newlines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) newlines += 1;
  }
  const finished = performance.now();
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const seconds = (finished - started) / 1000;
  const rows = newlines - 1; // header; the seeded notes have no line breaks
  const quarter = (finished - started) / 4;
  const rssQuartersMb = [0, 1, 2, 3].map(
    (q) =>
      Math.max(
        0,
        ...samples.filter((s) => s.at >= started + q * quarter && s.at < started + (q + 1) * quarter).map((s) => s.rss),
      ) /
      1024 /
      1024,
  );
  const r = {
    scenario,
    rows,
    mb: bytes / 1024 / 1024,
    seconds,
    rowsPerSecond: rows / seconds,
    rowsPerCpuSecond: rows / ((used.user + used.system) / 1e6),
    rssBeforeMb: rssBefore / 1024 / 1024,
    rssPeakMb: Math.max(rssBefore, ...samples.map((s) => s.rss)) / 1024 / 1024,
    rssQuartersMb,
  };
  exports.push(r);
  console.error(
    `${scenario}: ${rows} rows, ${r.mb.toFixed(0)} MiB in ${seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond)} rows/s (${Math.round(r.rowsPerCpuSecond)} per CPU-second), RSS ${r.rssBeforeMb.toFixed(0)} → peak ${r.rssPeakMb.toFixed(0)} MiB, quarters ${rssQuartersMb.map((m) => m.toFixed(0)).join('/')}`,
  );
}

if (!values['skip-export']) {
  await measureExport(
    'CSV export, one month, all users',
    `/exports/time-entries.csv?user_id=all&from=${monthFrom}&to=${monthTo}`,
  );
  await measureExport('CSV export, everything', '/exports/time-entries.csv?user_id=all');
}

await runtime.close();

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node.js ${process.version}`;
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const lines = [
  `Database: ${kind}, ${totalEntries.toLocaleString('en')} entries. Machine: ${machine}. Load average at start ${load(loadAtStart)}, at end ${load(os.loadavg())}. ${RUNS} runs after 3 warm-ups.`,
  '',
  '| Scenario | median ms | p95 ms | min ms | CPU ms (this process) | result |',
  '|---|---:|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.scenario} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.min.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.detail} |`,
  ),
  '',
  '| Export | rows | MiB | seconds | rows/s | rows per CPU-second | RSS before → peak (MiB) | peak RSS per quarter (MiB) |',
  '|---|---:|---:|---:|---:|---:|---|---|',
  ...exports.map(
    (e) =>
      `| ${e.scenario} | ${e.rows.toLocaleString('en')} | ${e.mb.toFixed(0)} | ${e.seconds.toFixed(1)} | ${Math.round(e.rowsPerSecond).toLocaleString('en')} | ${Math.round(e.rowsPerCpuSecond).toLocaleString('en')} | ${e.rssBeforeMb.toFixed(0)} → ${e.rssPeakMb.toFixed(0)} | ${e.rssQuartersMb.map((m) => m.toFixed(0)).join(' / ')} |`,
  ),
];
console.log(lines.join('\n'));
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(
  `bench/results/reports-${kind}.json`,
  JSON.stringify({ kind, totalEntries, machine, results, exports }, null, 2),
);
