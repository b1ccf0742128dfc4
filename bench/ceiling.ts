// The request pipeline's ceiling (npm run bench:ceiling): a bare Fastify "hello JSON" server beside our production
// build (NODE_ENV=production, LOG_LEVEL=info, as people run it) on SQLite and (with TT_TEST_PG_URL) PostgreSQL, in
// one run. Cases at --connections (8): the hello; GET /timer with a running timer (session cookie, as the browser
// sends it, and API token); GET /time-entries?limit=100 (100 entries); the timer start → stop loop (each request);
// and CSV exports of 10k and 100k entries streamed to the end. Per case: requests/s, the server's CPU per request
// from /proc (utime+stime of all its threads over the burst / requests: the steadier figure on a shared machine),
// and requests/s as a share of the hello's in the same round. Rounds are interleaved (every case of every server
// once per round) and summarised by their median, so a change in the machine's load shows as spread, not as a
// difference between cases.
//   npm run bench:ceiling -- [--rounds 3] [--duration 5] [--connections 8] [--cases timer-cookie,csv-100k]
//   [--profile DIR]   (our servers run with --cpu-prof and write their profile to DIR when they stop)
//   [--node-args="--trace-deopt"]   (more flags for our servers, e.g. --perf-basic-prof for perf)
//   [--compare DIR]   (also runs another build, DIR/server/main.js, e.g. a copy of dist/ before a change, in the
//                      same rounds: its rows are labelled "<database> (compare)")
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { cpuSecondsOf, mainThreadCpuSecondsOf } from './proc-stats.js';
import { BENCH_ADMIN, BenchClient, freePort, startBenchServer, type BenchServer } from './server-process.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '8' },
    cases: { type: 'string' },
    profile: { type: 'string' },
    compare: { type: 'string' },
    'node-args': { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
const onlyCases = values.cases?.split(',');
const EXPORT_SIZES = [10_000, 100_000] as const;
/** Each export is repeated until this much time has passed in a round: /proc counts CPU in 10 ms ticks. */
const EXPORT_SECONDS = 2;

interface Sample {
  requests: number;
  seconds: number;
  rps: number;
  /** Server CPU (all threads, then the main thread alone) per request in ms. */
  cpuMsPerRequest: number;
  mainCpuMsPerRequest: number;
  non2xx: number;
  errors: number;
  /** CSV exports: rows streamed per request, and CPU per row in µs. */
  rows?: number;
  cpuUsPerRow?: number;
}

interface Case {
  name: string;
  run(seconds: number): Promise<Sample>;
}

interface Target {
  database: string;
  pid: number;
  cases: Case[];
  stop(): Promise<void>;
}

/** Runs `load` and measures the server process's CPU around it. */
async function measured(
  pid: number,
  load: () => Promise<{ requests: number; non2xx: number; errors: number; rows?: number }>,
): Promise<Sample> {
  const cpu0 = cpuSecondsOf(pid);
  const main0 = mainThreadCpuSecondsOf(pid);
  const t0 = performance.now();
  const r = await load();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSecondsOf(pid) - cpu0;
  const main = mainThreadCpuSecondsOf(pid) - main0;
  const n = Math.max(r.requests, 1);
  return {
    ...r,
    seconds,
    rps: r.requests / seconds,
    cpuMsPerRequest: (cpu * 1000) / n,
    mainCpuMsPerRequest: (main * 1000) / n,
    ...(r.rows ? { cpuUsPerRow: (cpu * 1e6) / (r.rows * n) } : {}),
  };
}

function cannon(opts: autocannon.Options, seconds: number) {
  return new Promise<{ requests: number; non2xx: number; errors: number }>((resolve, reject) =>
    autocannon({ connections, ...opts, duration: seconds }, (error, result) =>
      error ? reject(error) : resolve({ requests: result.requests.total, non2xx: result.non2xx, errors: result.errors }),
    ),
  );
}

function httpCase(pid: number, name: string, opts: autocannon.Options, after?: () => Promise<unknown>): Case {
  return {
    name,
    run: async (seconds) => {
      const sample = await measured(pid, () => cannon(opts, seconds));
      await after?.();
      return sample;
    },
  };
}

async function startHello(): Promise<Target> {
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, ['bench/hello-server.mjs'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/hello`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 100) throw new Error('the hello server did not start');
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    database: 'hello',
    pid: child.pid!,
    cases: [httpCase(child.pid!, 'hello', { url })],
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Copies one entry `count - 1` times, half an hour apart (back to back), in one statement: 100k entries through the API would take minutes. */
async function cloneEntry(server: BenchServer, entryId: number, count: number): Promise<void> {
  const columns =
    'user_id, project_id, task_id, start_time, end_time, duration_seconds, break_seconds, notes, billable, source, created_at, updated_at';
  const copy = `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count - 1})
    insert into time_entries (${columns})
    select user_id, project_id, task_id, start_time + i * 1800, end_time + i * 1800, duration_seconds, break_seconds,
      notes, billable, source, created_at, updated_at from n, time_entries where id = ${entryId}`;
  if (server.databaseUrl) {
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    await client.query(copy);
    await client.query('analyze time_entries');
    await client.end();
  } else {
    const db = new Database(path.join(server.dataDir, 'timetracker.sqlite'));
    db.pragma('busy_timeout = 10000');
    db.exec(copy);
    // No ANALYZE here: the server never runs it, and with its STAT4 samples SQLite re-plans every statement that
    // binds a value to an indexed column on each run (twice the cost of a timer read; docs/performance.md).
    db.close();
  }
}

async function startApp(kind: 'sqlite' | 'postgres', build?: string): Promise<Target> {
  const profileArgs = [
    ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : []),
    ...(values['node-args']?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const server = await startBenchServer(
    kind,
    { LOG_LEVEL: 'info' },
    build ? path.join(build, 'server/main.js') : 'build',
    profileArgs,
  );
  const pid = server.process.pid!;
  const admin = await BenchClient.login(server.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Ceiling project' });
  const user = async (username: string) => {
    await admin.call('POST', '/users', { username, password: 'bench-password-1', role: 'user' });
    const session = await BenchClient.login(server.url, username, 'bench-password-1');
    const { token } = await session.call<{ token: string }>('POST', '/tokens', {
      name: 'ceiling',
      scopes: ['read:time_entries', 'write:time_entries'],
    });
    return { session, cookie: session.headers.cookie!, token };
  };
  const entryAt = (hoursFromStart: number) => {
    const start = Date.UTC(2025, 0, 1) + hoursFromStart * 3_600_000;
    return {
      project_id: project.id,
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 1_800_000).toISOString(),
      notes: `Ceiling entry ${hoursFromStart}, a note of ordinary length`,
    };
  };

  // GET /timer: a user with a running timer, read by session cookie (the browser) and by API token.
  const timerUser = await user('ceiling-timer');
  await timerUser.session.call('POST', '/timer/start', { project_id: project.id });

  // GET /time-entries?limit=100: a user with exactly 100 entries.
  const listUser = await user('ceiling-list');
  for (let i = 0; i < 100; i += 25)
    await Promise.all(Array.from({ length: 25 }, (_, j) => listUser.session.call('POST', '/time-entries', entryAt(i + j))));

  // Timer start → stop: one user per connection (a user has one running timer), token auth like an integration.
  const loopTokens: string[] = [];
  for (let i = 0; i < connections; i++) loopTokens.push((await user(`ceiling-loop-${i}`)).token);
  const stopLoopTimers = () =>
    Promise.all(
      loopTokens.map((token) =>
        fetch(`${server.url}/api/v1/timer/stop`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.arrayBuffer()),
      ),
    );

  // CSV: one user with 100k half-hour entries back to back (5.7 years: exports take at most 10); the 10k export
  // covers the first 10k of them.
  const exportUser = await user('ceiling-export');
  const first = await exportUser.session.call<{ id: number }>('POST', '/time-entries', entryAt(0));
  await cloneEntry(server, first.id, Math.max(...EXPORT_SIZES));
  const csvCase = (rows: number): Case => {
    const from = new Date(Date.UTC(2025, 0, 1)).toISOString();
    const to = new Date(Date.UTC(2025, 0, 1) + rows * 1_800_000).toISOString();
    const url = `${server.url}/api/v1/exports/time-entries.csv?from=${from}&to=${to}`;
    const exportOnce = async () => {
      const res = await fetch(url, { headers: { authorization: `Bearer ${exportUser.token}` } });
      let lines = 0;
      for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>)
        for (const byte of chunk) if (byte === 10) lines++;
      return { ok: res.ok, rows: lines - 1 };
    };
    return {
      name: `csv-${rows / 1000}k`,
      run: (seconds) =>
        measured(pid, async () => {
          const until = performance.now() + Math.min(seconds, EXPORT_SECONDS) * 1000;
          let requests = 0;
          let non2xx = 0;
          let streamed = 0;
          do {
            const r = await exportOnce();
            requests++;
            if (!r.ok) non2xx++;
            streamed = r.rows;
          } while (performance.now() < until);
          if (streamed !== rows) throw new Error(`CSV export streamed ${streamed} rows, expected ${rows}`);
          return { requests, non2xx, errors: 0, rows };
        }),
    };
  };

  const startStop = (token: string) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    return [
      { method: 'POST' as const, path: '/api/v1/timer/start', headers, body: JSON.stringify({ project_id: project.id }) },
      { method: 'POST' as const, path: '/api/v1/timer/stop', headers, body: '{}' },
    ];
  };
  let nextLoop = 0;
  return {
    database: build ? `${kind} (compare)` : kind,
    pid,
    cases: [
      httpCase(pid, 'timer-cookie', { url: `${server.url}/api/v1/timer`, headers: { cookie: timerUser.cookie } }),
      httpCase(pid, 'timer-token', {
        url: `${server.url}/api/v1/timer`,
        headers: { authorization: `Bearer ${timerUser.token}` },
      }),
      httpCase(pid, 'entries-100', { url: `${server.url}/api/v1/time-entries?limit=100`, headers: { cookie: listUser.cookie } }),
      httpCase(
        pid,
        'timer-start-stop',
        { url: server.url, setupClient: (client) => client.setRequests(startStop(loopTokens[nextLoop++ % loopTokens.length]!)) },
        stopLoopTimers,
      ),
      ...EXPORT_SIZES.map(csvCase),
    ],
    stop: () => server.stop(),
  };
}

const CASE_LABELS: Record<string, string> = {
  hello: 'bare Fastify hello JSON',
  'timer-cookie': 'GET /timer, running (session cookie)',
  'timer-token': 'GET /timer, running (API token)',
  'entries-100': 'GET /time-entries?limit=100 (session cookie)',
  'timer-start-stop': 'POST /timer/start → /timer/stop (token, each request)',
  'csv-10k': 'CSV export, 10k entries (one at a time)',
  'csv-100k': 'CSV export, 100k entries (one at a time)',
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const loadBefore = os.loadavg();
const targets: Target[] = [];
try {
  targets.push(await startHello(), await startApp('sqlite'));
  if (values.compare) targets.push(await startApp('sqlite', values.compare));
  if (process.env.TT_TEST_PG_URL) {
    targets.push(await startApp('postgres'));
    if (values.compare) targets.push(await startApp('postgres', values.compare));
  } else console.warn('PostgreSQL skipped: set TT_TEST_PG_URL to include it.');
} catch (error) {
  for (const t of targets) await t.stop();
  throw error;
}
const wanted = (c: Case) => c.name === 'hello' || !onlyCases || onlyCases.includes(c.name);

/** samples[database][case] = one Sample per round; helloRps[round]. */
const samples: Record<string, Record<string, Sample[]>> = {};
const helloRps: number[] = [];
try {
  for (const t of targets) for (const c of t.cases.filter(wanted)) await c.run(warmupSeconds);
  for (let round = 0; round < rounds; round++) {
    // Alternate the order of the servers from round to round, so no server always runs right after another.
    const order = round % 2 ? [...targets].reverse() : targets;
    for (const t of order) {
      for (const c of t.cases.filter(wanted)) {
        const sample = await c.run(duration);
        ((samples[t.database] ??= {})[c.name] ??= []).push(sample);
        if (c.name === 'hello') helloRps.push(sample.rps);
        console.error(
          `round ${round + 1} ${t.database} ${c.name}: ${sample.rps.toFixed(1)} req/s, ${sample.cpuMsPerRequest.toFixed(3)} ms CPU/req`,
        );
      }
    }
  }
} finally {
  for (const t of targets) await t.stop();
}
const loadAfter = os.loadavg();

const fmt = (x: number, digits: number) => x.toFixed(digits);
console.log(
  `\n${rounds} rounds × ${duration} s per case (exports: repeated for ${EXPORT_SECONDS} s), ${connections} connections, Node ${process.versions.node}, ` +
    `${os.cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after\n`,
);
console.log(
  '| database | case | requests/s (median) | min–max | server CPU ms/request | main thread ms/request | share of hello req/s | CPU µs/row | non-2xx |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [database, cases] of Object.entries(samples)) {
  const summary: Record<string, unknown> = {};
  for (const [name, runs] of Object.entries(cases)) {
    const rps = runs.map((r) => r.rps);
    // The share of the hello is taken per round (same load), then its median.
    const shares = runs.map((r, i) => r.rps / helloRps[i]!);
    const row = {
      label: CASE_LABELS[name] ?? name,
      rps: median(rps),
      rpsMin: Math.min(...rps),
      rpsMax: Math.max(...rps),
      cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
      mainCpuMsPerRequest: median(runs.map((r) => r.mainCpuMsPerRequest)),
      shareOfHello: median(shares),
      cpuUsPerRow: runs[0]!.cpuUsPerRow === undefined ? undefined : median(runs.map((r) => r.cpuUsPerRow!)),
      non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
      errors: runs.reduce((n, r) => n + r.errors, 0),
      runs,
    };
    summary[name] = row;
    console.log(
      `| ${database} | ${row.label} | ${fmt(row.rps, row.rps < 100 ? 2 : 0)} | ${fmt(row.rpsMin, row.rps < 100 ? 2 : 0)}–${fmt(row.rpsMax, row.rps < 100 ? 2 : 0)} | ` +
        `${fmt(row.cpuMsPerRequest, 3)} | ${fmt(row.mainCpuMsPerRequest, 3)} | ${name === 'hello' ? '1' : row.cpuUsPerRow !== undefined ? '' : `${fmt(row.shareOfHello * 100, 1)} %`} | ` +
        `${row.cpuUsPerRow === undefined ? '' : fmt(row.cpuUsPerRow, 2)} | ${row.non2xx + row.errors} |`,
    );
  }
  if (database === 'hello') continue;
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(
    `bench/results/ceiling-${database.replace(' (compare)', '-compare')}.json`,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.versions.node,
        cores: os.cpus().length,
        loadAverage: { before: loadBefore, after: loadAfter },
        rounds,
        durationSeconds: duration,
        connections,
        hello: samples.hello,
        cases: summary,
      },
      null,
      2,
    )}\n`,
  );
}
