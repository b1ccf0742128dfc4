// Report, listing and export timings on a database filled by bench/seed.ts (npm run bench:reports):
//   npm run bench:reports -- [--data-dir data/bench] [--runs 15] [--export-runs 3]   (DATABASE_URL for PostgreSQL)
// Starts the production build (node dist/server/main.js, NODE_ENV=production) as a server process of its own
// on a loopback port and calls it over HTTP: month summaries, the entry list's first page and deep pages (a
// cursor 2,000 entries into one user's history and 500,000 into everyone's), and full CSV exports read as a
// stream and counted. Times are wall times at the client; CPU and resident memory are the server process's
// own (from /proc), so the client's work is not in them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/db/database.js';
import { encodeCursor } from '../src/server/http/wire.js';
import { BENCH_ADMIN, BENCH_PASSWORD, SEED_END, benchUser } from './report-data.js';
import { cpuSecondsOf, residentMbOf } from './proc-stats.js';
import { download, freePort } from './server-process.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: 'data/bench' },
    runs: { type: 'string', default: '15' },
    'export-runs': { type: 'string', default: '3' },
    'skip-export': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const EXPORT_RUNS = Number(values['export-runs']);
const loadAtStart = os.loadavg();
const dataDir = path.resolve(values['data-dir']);
const databaseUrl = process.env.DATABASE_URL;

if (!fs.existsSync('dist/server/main.js')) throw new Error('no production build: run npm run build:server first');
const port = await freePort();
const server = spawn(process.execPath, ['dist/server/main.js'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_USERNAME: '',
    ADMIN_PASSWORD: '',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const serverPid = server.pid!;
const base = `http://127.0.0.1:${port}/api/v1`;
for (let i = 0; ; i++) {
  if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
  const ok = await fetch(`${base}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 600) throw new Error('server did not answer /health within a minute');
  await new Promise((r) => setTimeout(r, 100));
}
// The bench reads ids and cursors itself (read-only) through its own connection.
const database = await openDatabase({ url: databaseUrl, sqliteFile: path.join(dataDir, 'timetracker.sqlite'), poolSize: 2 });
const kind = database.kind;

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
const userId = (await database.db.selectFrom('users').select('id').where('username', '=', benchUser(0)).executeTakeFirstOrThrow())
  .id;
const totalEntries = Number(
  (
    await database.db
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
  /** The server process's CPU time per request (mean over the runs). */
  cpu: number;
  detail: string;
}
const results: Timing[] = [];

async function measure(scenario: string, url: string, cookie: string, describe: (body: any) => string): Promise<void> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { cookie } });
    const body = await res.json();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${scenario}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  let last: unknown;
  // /proc counts CPU in ticks of 10 ms: the mean over all runs is precise where one request is not.
  const cpuBefore = cpuSecondsOf(serverPid);
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    times.push(r.ms);
    last = r.body;
  }
  const cpuMs = ((cpuSecondsOf(serverPid) - cpuBefore) * 1000) / RUNS;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  const t = { scenario, median: at(0.5), p95: at(0.95), min: times[0] as number, cpu: cpuMs, detail: describe(last) };
  results.push(t);
  console.error(
    `${scenario}: median ${t.median.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms, server CPU ${t.cpu.toFixed(1)} ms (${t.detail})`,
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
const rounded = 'rounding_minutes=15&rounding_method=up';
await measure(
  'Summary, month by project, all users, rounded per entry',
  `/reports/summary?${month}&group_by=project&user_id=all&rounding=entry&${rounded}`,
  admin,
  groups,
);
await measure(
  'Summary, month by project, all users, rounded per day',
  `/reports/summary?${month}&group_by=project&user_id=all&rounding=day&${rounded}`,
  admin,
  groups,
);
await measure('Projects, first page (100) with budgets', '/projects?limit=100', user, (b: any) => `${b.items.length} projects`);
await measure('Projects, first page (500) with budgets', '/projects?limit=500', user, (b: any) => `${b.items.length} projects`);
await measure(
  'Summary, year by week, all users',
  `/reports/summary?from=${new Date((SEED_END - 365 * 86_400) * 1000).toISOString()}&to=${monthTo}&group_by=week&user_id=all&timezone=UTC`,
  admin,
  groups,
);

const cursorAt = async (offset: number, uid?: number) => {
  let q = database.db.selectFrom('time_entries').select(['start_time', 'id']);
  if (uid !== undefined) q = q.where('user_id', '=', uid);
  const row = await q.orderBy('start_time', 'desc').orderBy('id', 'desc').offset(offset).limit(1).executeTakeFirstOrThrow();
  return encodeURIComponent(encodeCursor([row.start_time, row.id]));
};
const items = (b: any) => `${b.items.length} items`;
await measure('List, first page (50), one user', '/time-entries?limit=50', user, items);
await measure('List, first page (50), all users', '/time-entries?limit=50&user_id=all', admin, items);
const userEntries = Number(
  (
    await database.db
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
  /** Rows per second of the server process's CPU time. */
  rowsPerCpuSecond: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** Peak RSS in each quarter of the export: flat memory shows as four similar numbers. */
  rssQuartersMb: number[];
}
const exports: ExportResult[] = [];

async function exportOnce(scenario: string, url: string): Promise<ExportResult> {
  const rssBefore = residentMbOf(serverPid);
  const samples: { at: number; rss: number }[] = [];
  const started = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now(), rss: residentMbOf(serverPid) }), 25);
  const cpuBefore = cpuSecondsOf(serverPid);
  const { bytes, newlines } = await download(`${base}${url}`, admin);
  const finished = performance.now();
  const cpuSeconds = cpuSecondsOf(serverPid) - cpuBefore;
  clearInterval(sampler);
  const seconds = (finished - started) / 1000;
  const rows = newlines - 1; // header; the seeded notes have no line breaks
  const quarter = (finished - started) / 4;
  const rssQuartersMb = [0, 1, 2, 3].map((q) =>
    Math.max(0, ...samples.filter((s) => s.at >= started + q * quarter && s.at < started + (q + 1) * quarter).map((s) => s.rss)),
  );
  return {
    scenario,
    rows,
    mb: bytes / 1024 / 1024,
    seconds,
    rowsPerSecond: rows / seconds,
    rowsPerCpuSecond: rows / cpuSeconds,
    rssBeforeMb: rssBefore,
    rssPeakMb: Math.max(rssBefore, ...samples.map((s) => s.rss)),
    rssQuartersMb,
  };
}

/** The median run (by rows/s) of EXPORT_RUNS, after one warm-up. */
async function measureExport(scenario: string, url: string): Promise<void> {
  await exportOnce(scenario, url);
  const runs: ExportResult[] = [];
  for (let i = 0; i < EXPORT_RUNS; i++) runs.push(await exportOnce(scenario, url));
  runs.sort((a, b) => a.rowsPerSecond - b.rowsPerSecond);
  const r = runs[Math.floor(runs.length / 2)]!;
  exports.push(r);
  console.error(
    `${scenario}: ${r.rows} rows, ${r.mb.toFixed(0)} MiB in ${r.seconds.toFixed(1)} s = ${Math.round(r.rowsPerSecond)} rows/s (${Math.round(r.rowsPerCpuSecond)} per server CPU-second; runs: ${runs.map((x) => Math.round(x.rowsPerSecond)).join(', ')} rows/s), server RSS ${r.rssBeforeMb.toFixed(0)} → peak ${r.rssPeakMb.toFixed(0)} MiB, quarters ${r.rssQuartersMb.map((m) => m.toFixed(0)).join('/')}`,
  );
}

if (!values['skip-export']) {
  await measureExport(
    'CSV export, one month, all users',
    `/exports/time-entries.csv?user_id=all&from=${monthFrom}&to=${monthTo}`,
  );
  await measureExport('CSV export, everything', '/exports/time-entries.csv?user_id=all');
}

await database.close();
const exited = new Promise((r) => server.once('exit', r));
server.kill('SIGTERM');
await exited;

const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node.js ${process.version}`;
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const lines = [
  `Database: ${kind}, ${totalEntries.toLocaleString('en')} entries. Machine: ${machine}. Load average at start ${load(loadAtStart)}, at end ${load(os.loadavg())}. ${RUNS} runs after 3 warm-ups; exports: median of ${EXPORT_RUNS} runs after one warm-up.`,
  '',
  '| Scenario | median ms | p95 ms | min ms | server CPU ms | result |',
  '|---|---:|---:|---:|---:|---|',
  ...results.map(
    (r) =>
      `| ${r.scenario} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.min.toFixed(1)} | ${r.cpu.toFixed(1)} | ${r.detail} |`,
  ),
  '',
  '| Export | rows | MiB | seconds | rows/s | rows per server CPU-second | server RSS before → peak (MiB) | peak RSS per quarter (MiB) |',
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
