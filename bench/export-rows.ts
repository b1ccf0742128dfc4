// CSV export cost per row from 10k to 1M rows (npm run bench:exports): the production build as a process of its
// own, one user with 1,000,000 entries, CSV exports whose ranges hold 10k, 100k and 1M entries, on SQLite and (with
// TT_TEST_PG_URL) PostgreSQL.
//   npm run bench:exports -- [--runs 3] [--sizes 10000,100000,1000000] [--data-dir data/bench-exports] [--probe]
// Seeds data/bench-exports (SQLite) and the database tt_bench_exports (PostgreSQL) with bench/seed.ts when they are
// empty. Per size: one warm-up, then the median of --runs runs; a run is as many exports as make ~200k rows, so that
// /proc's 10 ms CPU ticks are precise for small exports too. CPU is the server process's, all threads (utime+stime
// of /proc/<pid>/stat), and separately its main thread. --probe adds one more export per size, during which the
// server's event loop is watched from inside (perf_hooks.monitorEventLoopDelay, loaded with --import; SIGUSR2
// makes it write and reset its maximum) and a request to /health is sent every 20 ms from here.
// Extra server settings (e.g. EXPORT_READER_THREADS=0) pass through from the environment.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { BENCH_PASSWORD, SEED_END, benchUser } from './report-data.js';
import { cpuSecondsOf, mainThreadCpuSecondsOf, residentMbOf } from './proc-stats.js';
import { download, freePort, waitForHealth } from './server-process.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'data-dir': { type: 'string', default: 'data/bench-exports' },
    'pg-database': { type: 'string', default: 'tt_bench_exports' },
    probe: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const SIZES = values.sizes.split(',').map(Number);
const ENTRIES = 1_000_000;
/** Rows a run exports at least (several exports of a small size), for CPU ticks of 10 ms to be precise. */
const ROWS_PER_RUN = 200_000;
const loadAtStart = os.loadavg();

interface Target {
  kind: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl?: string;
}

/** This process's environment with these set (undefined: removed). */
function envWith(settings: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(settings)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function seed(target: Target): void {
  console.error(`seeding ${target.kind} with ${ENTRIES.toLocaleString('en')} entries of one user…`);
  const args = ['bench/seed.ts', '--entries', String(ENTRIES), '--users', '1', '--projects', '200', '--tags', '300'];
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args, '--minutes-apart', '5', '--data-dir', target.dataDir], {
    env: envWith({ DATABASE_URL: target.databaseUrl }),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`seeding failed (${result.status})`);
}

async function sqliteTarget(): Promise<Target> {
  const dataDir = path.resolve(values['data-dir']);
  const target: Target = { kind: 'sqlite', dataDir };
  if (!fs.existsSync(path.join(dataDir, 'timetracker.sqlite'))) {
    fs.mkdirSync(dataDir, { recursive: true });
    seed(target);
  }
  return target;
}

async function postgresTarget(adminUrl: string): Promise<Target> {
  const name = values['pg-database'];
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const target: Target = {
    kind: 'postgres',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-')),
    databaseUrl: url.href,
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const db = new pg.Client({ connectionString: url.href });
  await db.connect();
  const seeded = exists && (await db.query(`select to_regclass('time_entries') as t`)).rows[0].t !== null;
  await db.end();
  if (!seeded) seed(target);
  return target;
}

interface RunResult {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  mainCpuSeconds: number;
  rssPeakMb: number;
}

interface SizeResult {
  kind: string;
  size: number;
  rows: number;
  exportsPerRun: number;
  rowsPerSecond: number;
  cpuUsPerRow: number;
  mainCpuUsPerRow: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  threadsAfter: number;
  cpuUsPerRowRuns: number[];
  slowestHealthMs?: number;
  longestLoopBlockMs?: number;
}

/** Loaded into the server with --import: the event loop's longest delay since the last SIGUSR2, written on SIGUSR2. */
const LOOP_PROBE = `import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
const h = monitorEventLoopDelay({ resolution: 5 });
h.enable();
process.on('SIGUSR2', () => { fs.writeFileSync(process.env.TT_BENCH_LOOP_FILE, String(h.max / 1e6)); h.reset(); });`;

async function longestLoopBlock(pid: number, file: string): Promise<number> {
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 20));
  return Number(fs.readFileSync(file, 'utf8'));
}

function threadsOf(pid: number): number {
  return Number(/Threads:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

async function benchDatabase(target: Target): Promise<SizeResult[]> {
  const port = await freePort();
  const loopFile = path.join(os.tmpdir(), `tt-bench-loop-${process.pid}`);
  const loopProbe = values.probe ? ['--import', `data:text/javascript,${encodeURIComponent(LOOP_PROBE)}`] : [];
  const server = spawn(process.execPath, [...loopProbe, 'dist/server/main.js'], {
    env: envWith({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      ADMIN_USERNAME: '',
      ADMIN_PASSWORD: '',
      TT_BENCH_LOOP_FILE: loopFile,
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = server.pid!;
  const base = `http://127.0.0.1:${port}/api/v1`;
  await waitForHealth(server, base, 60_000);
  const results: SizeResult[] = [];
  const database = await openDatabase({
    url: target.databaseUrl,
    sqliteFile: path.join(target.dataDir, 'timetracker.sqlite'),
    poolSize: 1,
  });
  try {
    const res = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: benchUser(0), password: BENCH_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    const cookie = /tt_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const to = new Date((SEED_END + 86_400) * 1000).toISOString();
    /** From the start of the size-th latest entry: the range holds exactly `size` entries (they do not overlap). */
    const urlFor = async (size: number) => {
      const row = await database.db
        .selectFrom('time_entries')
        .select('start_time')
        .orderBy('start_time', 'desc')
        .orderBy('id', 'desc')
        .offset(size - 1)
        .limit(1)
        .executeTakeFirst();
      if (!row) return `${base}/exports/time-entries.csv`;
      return `${base}/exports/time-entries.csv?from=${new Date(row.start_time * 1000).toISOString()}&to=${to}`;
    };
    const rssAtStart = residentMbOf(pid);
    console.error(`${target.kind}: server RSS at start ${rssAtStart.toFixed(0)} MiB, ${threadsOf(pid)} threads`);
    for (const size of SIZES) {
      const url = await urlFor(size);
      const exportsPerRun = Math.max(1, Math.round(ROWS_PER_RUN / size));
      const run = async (): Promise<RunResult> => {
        let peak = 0;
        const sampler = setInterval(() => (peak = Math.max(peak, residentMbOf(pid))), 25);
        const cpu = cpuSecondsOf(pid);
        const main = mainThreadCpuSecondsOf(pid);
        const started = performance.now();
        let rows = 0;
        for (let i = 0; i < exportsPerRun; i++) rows += (await download(url, cookie)).newlines - 1; // the header line; notes hold no line breaks
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        return {
          rows,
          seconds,
          cpuSeconds: cpuSecondsOf(pid) - cpu,
          mainCpuSeconds: mainThreadCpuSecondsOf(pid) - main,
          rssPeakMb: Math.max(peak, residentMbOf(pid)),
        };
      };
      const rssBeforeMb = residentMbOf(pid);
      await run();
      const runs: RunResult[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await run());
      const perRow = (r: RunResult) => (r.cpuSeconds * 1e6) / r.rows;
      const sorted = [...runs].sort((a, b) => perRow(a) - perRow(b));
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const result: SizeResult = {
        kind: target.kind,
        size,
        rows: median.rows / exportsPerRun,
        exportsPerRun,
        rowsPerSecond: median.rows / median.seconds,
        cpuUsPerRow: perRow(median),
        mainCpuUsPerRow: (median.mainCpuSeconds * 1e6) / median.rows,
        rssBeforeMb,
        rssPeakMb: Math.max(...runs.map((r) => r.rssPeakMb)),
        threadsAfter: threadsOf(pid),
        cpuUsPerRowRuns: runs.map(perRow),
      };
      if (values.probe) {
        await longestLoopBlock(pid, loopFile);
        result.slowestHealthMs = await slowestHealthDuring(base, () => download(url, cookie));
        result.longestLoopBlockMs = await longestLoopBlock(pid, loopFile);
      }
      results.push(result);
      console.error(
        `${target.kind} ${size}: ${result.rows} rows × ${exportsPerRun}, ${Math.round(result.rowsPerSecond)} rows/s, CPU ${result.cpuUsPerRow.toFixed(2)} µs/row (runs ${result.cpuUsPerRowRuns.map((x) => x.toFixed(2)).join(', ')}; main thread ${result.mainCpuUsPerRow.toFixed(2)}), RSS ${rssBeforeMb.toFixed(0)} → ${result.rssPeakMb.toFixed(0)} MiB, ${result.threadsAfter} threads${result.slowestHealthMs === undefined ? '' : `, slowest /health ${result.slowestHealthMs.toFixed(1)} ms, longest event-loop block ${result.longestLoopBlockMs?.toFixed(1)} ms`}`,
      );
    }
    console.error(
      `${target.kind}: server RSS at rest after the exports ${residentMbOf(pid).toFixed(0)} MiB, ${threadsOf(pid)} threads`,
    );
  } finally {
    await database.close();
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    if (target.kind === 'postgres') fs.rmSync(target.dataDir, { recursive: true, force: true });
  }
  return results;
}

/** The slowest of /health requests sent one after another (20 ms apart) while `work` runs. */
async function slowestHealthDuring(base: string, work: () => Promise<unknown>): Promise<number> {
  let done = false;
  let slowest = 0;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      await fetch(`${base}/health`).then((r) => r.arrayBuffer());
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await work();
  done = true;
  await probing;
  return slowest;
}

if (!fs.existsSync('dist/server/main.js')) throw new Error('no production build: run npm run build:server first');
const results: SizeResult[] = [];
results.push(...(await benchDatabase(await sqliteTarget())));
if (process.env.TT_TEST_PG_URL) results.push(...(await benchDatabase(await postgresTarget(process.env.TT_TEST_PG_URL))));
else console.error('PostgreSQL skipped: set TT_TEST_PG_URL to include it.');

const machine = `${os.cpus().length} cores, Node.js ${process.version}`;
const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
const threads = process.env.EXPORT_READER_THREADS ?? 'default';
console.log(
  `${machine}; EXPORT_READER_THREADS=${threads}; load average at start ${load(loadAtStart)}, at end ${load(os.loadavg())}; median of ${RUNS} runs after a warm-up.\n`,
);
console.log(
  '| database | rows | exports per run | rows/s | CPU µs per row (all threads) | main thread µs per row | vs 10k | peak RSS MiB | threads after | slowest /health ms | longest event-loop block ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const base = results.find((x) => x.kind === r.kind && x.size === SIZES[0]);
  const ratio = base ? `${((r.cpuUsPerRow / base.cpuUsPerRow - 1) * 100).toFixed(0)} %` : '';
  console.log(
    `| ${r.kind} | ${r.rows.toLocaleString('en')} | ${r.exportsPerRun} | ${Math.round(r.rowsPerSecond).toLocaleString('en')} | ${r.cpuUsPerRow.toFixed(2)} | ${r.mainCpuUsPerRow.toFixed(2)} | ${ratio} | ${r.rssPeakMb.toFixed(0)} | ${r.threadsAfter} | ${r.slowestHealthMs?.toFixed(1) ?? ''} | ${r.longestLoopBlockMs?.toFixed(1) ?? ''} |`,
  );
}
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/export-rows.json', JSON.stringify({ machine, threads, results }, null, 2));
