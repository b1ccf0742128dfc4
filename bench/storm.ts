// Export storm (npm run bench:storm): 50 slow-reading CSV exports (clients that read ~32 kB/s, some of them
// hanging up and coming back) plus a few normal users, against the production build on SQLite and on
// PostgreSQL. Prints p99 of /health and of the normal users' requests during the storm, the 429s, the server's
// peak and final resident memory, its threads and its database connections. Loopback only, bounded in time.
//   npm run bench:storm -- [--duration 15] [--slow 50] [--normal 4] [--entries 4000] [--unlimited] [--only sqlite|postgres]
// PostgreSQL: TT_TEST_PG_URL, else a throwaway cluster (scripts/pg-throwaway.sh) that is stopped at the end.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { residentMbOf } from './proc-stats.js';
import { BENCH_ADMIN, BenchClient, freePort, startBenchServer, type BenchServer } from './server-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '15' },
    slow: { type: 'string', default: '50' },
    normal: { type: 'string', default: '4' },
    entries: { type: 'string', default: '20000' },
    unlimited: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const DURATION_MS = Number(values.duration) * 1000;
const SLOW = Number(values.slow);
const NORMAL = Number(values.normal);
const ENTRIES_PER_USER = Number(values.entries);
/** Slow exports come from this many users (five each by default): per-user and per-process limits both show. */
const ATTACKERS = Math.max(1, Math.ceil(SLOW / 5));
const PASSWORD = 'bench-password-1';
// --unlimited: limits so high they never bite, to compare with the defaults.
const LIMIT_ENV: Record<string, string> = values.unlimited
  ? { HEAVY_WORK_PER_USER: '100', HEAVY_WORK_PER_PROCESS: '1000', EXPORT_READER_THREADS: '64', DATABASE_POOL_SIZE: '200' }
  : {};

const p99 = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function threadsOf(pid: number): number {
  return Number(/Threads:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/**
 * SQLite: open descriptors on the database file. SQLite keeps the descriptor of a closed connection open (and
 * reuses it) while other connections of the process hold locks on the file, so this is the high-water mark of
 * connections, not those open now. PostgreSQL: backends on the server's database.
 */
async function connectionCounter(server: BenchServer): Promise<{ count(): Promise<number>; close(): Promise<void> }> {
  if (server.kind === 'sqlite') {
    const file = path.join(server.dataDir, 'timetracker.sqlite');
    return {
      count: async () => {
        let n = 0;
        for (const fd of fs.readdirSync(`/proc/${server.process.pid}/fd`)) {
          try {
            if (fs.readlinkSync(`/proc/${server.process.pid}/fd/${fd}`) === file) n++;
          } catch {
            // closed meanwhile
          }
        }
        return n;
      },
      close: async () => undefined,
    };
  }
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const db = new URL(server.databaseUrl!).pathname.slice(1);
  return {
    count: async () =>
      Number((await client.query('select count(*) as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [db])).rows[0].n),
    close: () => client.end(),
  };
}

async function seed(server: BenchServer, admin: BenchClient): Promise<{ attackers: string[]; normals: string[]; project: number }> {
  const project = (await admin.call<{ id: number }>('POST', '/projects', { name: 'Storm' })).id;
  const token = async (username: string) => {
    await admin.call('POST', '/users', { username, password: PASSWORD, role: 'user' });
    const session = await BenchClient.login(server.url, username, PASSWORD);
    return (await session.call<{ token: string }>('POST', '/tokens', { name: 'storm', scopes: ['read:time_entries', 'read:reports'] })).token;
  };
  const attackers: string[] = [];
  const normals: string[] = [];
  for (let i = 0; i < ATTACKERS; i++) attackers.push(await token(`storm-${i}`));
  for (let i = 0; i < NORMAL; i++) normals.push(await token(`normal-${i}`));
  // Entries straight into the database (the server is running; WAL / MVCC take concurrent writers).
  const database = await openDatabase({ url: server.databaseUrl, sqliteFile: path.join(server.dataDir, 'timetracker.sqlite'), poolSize: 2 });
  try {
    const users = await database.db.selectFrom('users').select(['id', 'username']).execute();
    const note = 'storm '.repeat(100); // 600 bytes a row: 20,000 entries make a 12 MB export, more than socket buffers hold
    const start = Date.UTC(2025, 0, 1) / 1000;
    for (const user of users.filter((u) => u.username.startsWith('storm-') || u.username.startsWith('normal-'))) {
      const count = user.username.startsWith('storm-') ? ENTRIES_PER_USER : 200;
      for (let i = 0; i < count; i += 1000) {
        await database.db
          .insertInto('time_entries')
          .values(
            Array.from({ length: Math.min(1000, count - i) }, (_, k) => {
              const s = start + (i + k) * 3600;
              return { user_id: user.id, project_id: project, task_id: null, start_time: s, end_time: s + 1800, duration_seconds: 1800, break_seconds: 0, paused_at: null, notes: note, billable: 0 as const, source: 'manual' as const, created_at: s, updated_at: s };
            }),
          )
          .execute();
      }
      // One entry twenty years back: the export then looks as large as a million-row one and takes a reader
      // thread (exports.service.ts, worthAReaderThread), as the exports of a long history do.
      const old = start - 20 * 365 * 86_400;
      await database.db
        .insertInto('time_entries')
        .values({ user_id: user.id, project_id: project, task_id: null, start_time: old, end_time: old + 60, duration_seconds: 60, break_seconds: 0, paused_at: null, notes: null, billable: 0, source: 'manual', created_at: old, updated_at: old })
        .execute();
    }
  } finally {
    await database.close();
  }
  return { attackers, normals, project };
}

interface SlowClient {
  close(): void;
}

/** A CSV export read at ~32 kB/s; resolves once the status is known. */
function slowExport(port: number, token: string, stats: { ok: number; refused: number; failed: number }): Promise<SlowClient | undefined> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/exports/time-entries.csv', agent: false, headers: { authorization: `Bearer ${token}` } });
    request.on('error', () => {
      stats.failed++;
      resolve(undefined);
    });
    request.on('response', (response) => {
      if (response.statusCode !== 200) {
        if (response.statusCode === 429) stats.refused++;
        else stats.failed++;
        response.resume();
        resolve(undefined);
        return;
      }
      stats.ok++;
      response.pause();
      const timer = setInterval(() => {
        let got = 0;
        let chunk: Buffer | null;
        while (got < 8192 && (chunk = response.read() as Buffer | null) !== null) got += chunk.length;
      }, 250);
      response.on('end', () => clearInterval(timer));
      response.on('close', () => clearInterval(timer));
      resolve({
        close: () => {
          clearInterval(timer);
          request.destroy();
        },
      });
    });
  });
}

async function timed(url: string, token?: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

interface Result {
  database: string;
  health: { p99: number; max: number; n: number; failed: number };
  normal: { p99: number; n: number; failed: number };
  exports: { ok: number; refused: number; failed: number };
  rss: { before: number; peak: number; final: number; later: number };
  threads: { before: number; peak: number; final: number };
  connections: { before: number; peak: number; final: number };
}

async function storm(kind: 'sqlite' | 'postgres'): Promise<Result> {
  const server = await startBenchServer(kind, LIMIT_ENV, 'build');
  const counter = await connectionCounter(server);
  try {
    const admin = await BenchClient.login(server.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const { attackers, normals } = await seed(server, admin);
    const port = Number(new URL(server.url).port);
    const pid = server.process.pid!;
    await sleep(2000);
    const before = { rss: residentMbOf(pid), threads: threadsOf(pid), connections: await counter.count() };
    const peak = { ...before };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak.rss = Math.max(peak.rss, residentMbOf(pid));
        peak.threads = Math.max(peak.threads, threadsOf(pid));
        peak.connections = Math.max(peak.connections, await counter.count());
        await sleep(100);
      }
    })();

    const until = Date.now() + DURATION_MS;
    const stats = { ok: 0, refused: 0, failed: 0 };
    const open = new Set<SlowClient>();
    // Each of the SLOW slots keeps an export open, retrying after a 429 (Retry-After ignored: an attacker) and
    // hanging up now and then to start over.
    const slowLoops = Array.from({ length: SLOW }, async (_, i) => {
      const token = attackers[i % attackers.length]!;
      while (Date.now() < until) {
        const client = await slowExport(port, token, stats);
        if (!client) {
          await sleep(500);
          continue;
        }
        open.add(client);
        const keep = i % 5 === 0 ? 3000 : DURATION_MS; // every fifth disconnects mid-export after 3 s
        await sleep(Math.max(0, Math.min(keep, until - Date.now())));
        if (i % 5 === 0 && Date.now() < until) {
          client.close();
          open.delete(client);
        } else break;
      }
    });
    const health: number[] = [];
    let healthFailed = 0;
    const healthLoop = (async () => {
      while (Date.now() < until) {
        const r = await timed(`${server.url}/api/v1/health`);
        if (r.status === 200) health.push(r.ms);
        else healthFailed++;
        await sleep(100);
      }
    })();
    const normal: number[] = [];
    let normalFailed = 0;
    const normalLoops = normals.map(async (token) => {
      const urls = [`${server.url}/api/v1/time-entries?limit=50`, `${server.url}/api/v1/reports/summary?group_by=project`];
      for (let k = 0; Date.now() < until; k++) {
        const r = await timed(urls[k % 2]!, token);
        if (r.status === 200) normal.push(r.ms);
        else normalFailed++;
        await sleep(50);
      }
    });
    await Promise.all([...slowLoops, healthLoop, ...normalLoops]);
    for (const c of open) c.close();
    // Idle reader threads end 10 s after their last export; memory is read again after 30 s.
    await sleep(12_000);
    sampling = false;
    await sampler;
    const final = { rss: residentMbOf(pid), threads: threadsOf(pid), connections: await counter.count() };
    await sleep(18_000);
    const later = residentMbOf(pid);
    return {
      database: kind === 'sqlite' ? 'SQLite' : 'PostgreSQL',
      health: { p99: p99(health), max: Math.max(...health), n: health.length, failed: healthFailed },
      normal: { p99: p99(normal), n: normal.length, failed: normalFailed },
      exports: stats,
      rss: { before: before.rss, peak: peak.rss, final: final.rss, later },
      threads: { before: before.threads, peak: peak.threads, final: final.threads },
      connections: { before: before.connections, peak: peak.connections, final: final.connections },
    };
  } finally {
    await counter.close();
    await server.stop();
  }
}

/** TT_TEST_PG_URL, or a throwaway cluster of our own (stopped at the end). */
async function postgresCluster(): Promise<{ url: string; stop(): void } | undefined> {
  if (process.env.TT_TEST_PG_URL) return { url: process.env.TT_TEST_PG_URL, stop: () => undefined };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-storm-pg-'));
  try {
    const url = execFileSync('scripts/pg-throwaway.sh', [dir, String(await freePort())], { encoding: 'utf8' }).trim();
    return {
      url,
      stop: () => {
        execFileSync('runuser', ['-u', 'postgres', '--', '/usr/lib/postgresql/15/bin/pg_ctl', '-D', `${dir}/data`, 'stop', '-m', 'fast'], { stdio: 'ignore' });
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    console.warn(`PostgreSQL skipped: no TT_TEST_PG_URL and no throwaway cluster (${String(error)})`);
    return undefined;
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const results: Result[] = [];
console.log(
  `storm: ${SLOW} slow CSV exports from ${ATTACKERS} users (${ENTRIES_PER_USER} entries each), ${NORMAL} normal users, ${DURATION_MS / 1000} s; limits: ${values.unlimited ? 'unlimited' : 'defaults'}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
if (values.only !== 'postgres') results.push(await storm('sqlite'));
if (values.only !== 'sqlite') {
  const cluster = await postgresCluster();
  if (cluster) {
    process.env.TT_TEST_PG_URL = cluster.url;
    try {
      results.push(await storm('postgres'));
    } finally {
      cluster.stop();
    }
  }
}
console.log('\n| Database | /health p99 (max) ms | normal requests p99 ms | exports 200 / 429 / failed | RSS before → peak → after 12 s → after 30 s MB | threads before → peak → after | DB connections before → peak → after |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.database} | ${fmt(r.health.p99)} (${fmt(r.health.max)}), ${r.health.n} ok, ${r.health.failed} failed | ${fmt(r.normal.p99)} (${r.normal.n} ok, ${r.normal.failed} failed) | ${r.exports.ok} / ${r.exports.refused} / ${r.exports.failed} | ${fmt(r.rss.before)} → ${fmt(r.rss.peak)} → ${fmt(r.rss.final)} → ${fmt(r.rss.later)} | ${r.threads.before} → ${r.threads.peak} → ${r.threads.final} | ${r.connections.before} → ${r.connections.peak} → ${r.connections.final} |`,
  );
}
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(`bench/results/storm${values.unlimited ? '-unlimited' : ''}.json`, JSON.stringify(results, null, 2));
