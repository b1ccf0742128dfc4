// What analytics costs (npm run bench:analytics):
//  1. timer start/stop against two real server processes (the production build, SQLite), one with analytics off
//     (no key) and one on (key, product analytics and installation telemetry on, PostHog = a counting capture
//     server on loopback). Both are set up and warmed up first, then loaded in short alternating bursts
//     (off/on, on/off, …): a change in the machine's load hits both sides of a pair alike, so the per-pair ratios
//     are steady where whole runs minutes apart were not. Server CPU comes from /proc and is counted from the
//     start of one burst to the start of the same server's next one, so uploads between bursts are included.
//  2. the events/s the pipeline sustains in-process: track() calls per second, and end-to-end events per second
//     from track() to PostHog's 2xx through the real posthog-node SDK.
//   npm run bench:analytics -- [--pairs 12] [--burst 5] [--connections 10] [--events 50000]
import autocannon from 'autocannon';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../src/server/config/config.js';
import { migrateToLatest, openDatabase } from '../src/server/db/database.js';
import { Analytics } from '../src/server/features/analytics/analytics.js';
import { ensureInstallation } from '../src/server/features/installation/installation.js';
import { requestContext } from '../src/server/http/request-context.js';
import { cpuSecondsOf, mainThreadCpuSecondsOf } from './proc-stats.js';
import { BENCH_ADMIN, BenchClient, startBenchServer, type BenchServer } from './server-process.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '12' },
    burst: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rate: { type: 'string', default: '0' },
    together: { type: 'boolean', default: false },
    events: { type: 'string', default: '50000' },
  },
});
const pairs = Number(values.pairs);
const burstSeconds = Number(values.burst);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
/** Requests/s each server gets (0: as many as it answers). */
const rate = Number(values.rate);
/** Load both servers at the same time (at a fixed rate) instead of one after the other. */
const together = values.together;
if (together && rate <= 0) throw new Error('--together needs --rate (requests/s per server)');
const pipelineEvents = Number(values.events);
/** The server's flush interval plus a margin: what was queued by then has been uploaded. */
const FLUSH_WAIT_MS = 6_000;

/**
 * A PostHog stand-in that only counts: requests, events, and bytes on the wire. It runs in the benchmark's own
 * process beside the load generator, so it keeps the bodies and parses them only when asked, after the load.
 */
async function countingCaptureServer() {
  const wire = { requests: 0, bytes: 0, otherPaths: 0 };
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      wire.requests++;
      if (req.url !== '/batch/') wire.otherPaths++;
      const raw = Buffer.concat(chunks);
      wire.bytes += raw.length;
      bodies.push(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => ({
      ...wire,
      events: bodies.reduce((n, body) => n + (JSON.parse(body.toString()) as { batch: unknown[] }).batch.length, 0),
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface TimerTarget {
  label: 'off' | 'on';
  server: BenchServer;
  admin: BenchClient;
  load: (seconds: number) => Promise<autocannon.Result>;
  /** Server CPU seconds (all threads, main thread) at the start of each measured burst, and after the final uploads. */
  cpuMarks: { all: number; main: number }[];
  bursts: autocannon.Result[];
}

/** A server with `connections` users, each with an API token, looping timer start → stop on one project. */
async function timerTarget(label: 'off' | 'on', extraEnv: Record<string, string>): Promise<TimerTarget> {
  const server = await startBenchServer('sqlite', extraEnv, 'build');
  const admin = await BenchClient.login(server.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
  const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Benchmark project' });
  const tokens: string[] = [];
  for (let i = 0; i < connections; i++) {
    await admin.call('POST', '/users', { username: `bench-user-${i}`, password: 'bench-password-1', role: 'user' });
    const session = await BenchClient.login(server.url, `bench-user-${i}`, 'bench-password-1');
    tokens.push(
      (
        await session.call<{ token: string }>('POST', '/tokens', {
          name: 'bench',
          scopes: ['write:time_entries', 'read:time_entries'],
        })
      ).token,
    );
  }
  const load = (seconds: number) => {
    let next = 0;
    return new Promise<autocannon.Result>((resolve, reject) =>
      autocannon(
        {
          url: server.url,
          connections,
          duration: seconds,
          ...(rate > 0 ? { overallRate: rate } : {}),
          setupClient: (client) => {
            const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` };
            client.setRequests([
              { method: 'POST', path: '/api/v1/timer/start', headers, body: JSON.stringify({ project_id: project.id }) },
              { method: 'POST', path: '/api/v1/timer/stop', headers, body: '{}' },
            ]);
          },
        },
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
  };
  // A burst ends in the middle of connections' start → stop loops; stopping those timers keeps the next burst from
  // beginning with a 409 per connection.
  const stopTimers = () =>
    Promise.all(
      tokens.map((token) =>
        fetch(`${server.url}/api/v1/timer/stop`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.arrayBuffer()),
      ),
    );
  return {
    label,
    server,
    admin,
    load: async (seconds) => {
      const result = await load(seconds);
      await stopTimers();
      return result;
    },
    cpuMarks: [],
    bursts: [],
  };
}

function markCpu(target: TimerTarget): void {
  const pid = target.server.process.pid!;
  target.cpuMarks.push({ all: cpuSecondsOf(pid), main: mainThreadCpuSecondsOf(pid) });
}

async function measuredBurst(target: TimerTarget): Promise<void> {
  markCpu(target);
  target.bursts.push(await target.load(burstSeconds));
}

async function pipelineScenario() {
  const cap = await countingCaptureServer();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-bench-analytics-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', POSTHOG_API_KEY: 'phc_bench', POSTHOG_HOST: cap.url });
  const database = await openDatabase({ sqliteFile: path.join(dataDir, 'timetracker.sqlite') });
  try {
    await migrateToLatest(database.db);
    const installation = await ensureInstallation(database.db, '0.0.0');
    const now = Math.floor(Date.now() / 1000);
    const user = await database.db
      .insertInto('users')
      .values({
        username: 'u',
        username_lower: 'u',
        password_hash: null,
        role: 'user',
        active: 1,
        auth_method: 'local',
        signup_method: 'admin',
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Queue large enough that nothing is dropped while we measure the sustained rate.
    const analytics = new Analytics({
      db: database.db,
      config,
      version: '0.0.0',
      installation,
      options: { maxQueueSize: pipelineEvents + 10, settingsRefreshMs: 0 },
    });
    const context = {
      requestId: 'bench',
      analytics,
      principal: { via: 'token' as const, user, tokenId: 1, scopes: [] },
      url: 'http://time.example.com/api/v1/timer/start',
      referer: 'http://time.example.com/timer?x=1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      host: 'time.example.com',
    };
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    requestContext.run(context, () => {
      for (let i = 0; i < pipelineEvents; i++) {
        analytics.track('timer.started', {
          project_id: 1 + (i % 50),
          task_id: null,
          has_notes: i % 2 === 0,
          has_tags: false,
          billable: true,
        });
      }
    });
    const enqueuedMs = performance.now() - started;
    const trackCpu = process.cpuUsage(cpuStarted);
    await analytics.flush();
    const deliveredMs = performance.now() - started;
    const totalCpu = process.cpuUsage(cpuStarted);
    const counters = analytics.status().counters;
    await analytics.close();
    return {
      trackPerSecond: Math.round(pipelineEvents / (enqueuedMs / 1000)),
      microsPerTrack: Math.round(((enqueuedMs * 1000) / pipelineEvents) * 10) / 10,
      cpuMicrosPerTrack: Math.round(((trackCpu.user + trackCpu.system) / pipelineEvents) * 10) / 10,
      cpuMicrosPerEventEndToEnd: Math.round(((totalCpu.user + totalCpu.system) / pipelineEvents) * 10) / 10,
      endToEndPerSecond: Math.round(counters.sent / (deliveredMs / 1000)),
      counters,
      wire: (({ requests, bytes, events }) => ({ requests, bytesPerEvent: Math.round(bytes / Math.max(1, events)) }))(
        cap.stats(),
      ),
    };
  } finally {
    await database.close();
    await cap.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const cap = await countingCaptureServer();
const loadAtStart = os.loadavg()[0]!;
const off = await timerTarget('off', {});
const on = await timerTarget('on', { POSTHOG_API_KEY: 'phc_bench', POSTHOG_HOST: cap.url, ENABLE_TELEMETRY: 'true' });
let timerResults: ReturnType<typeof summarize>;
try {
  for (const target of [off, on]) await target.load(warmupSeconds); // JIT, caches, SQLite pages; not measured
  await new Promise((r) => setTimeout(r, FLUSH_WAIT_MS));
  for (let pair = 0; pair < pairs; pair++) {
    if (together) await Promise.all([measuredBurst(off), measuredBurst(on)]);
    else for (const target of pair % 2 === 0 ? [off, on] : [on, off]) await measuredBurst(target);
  }
  await new Promise((r) => setTimeout(r, FLUSH_WAIT_MS)); // the last events are uploaded, and counted as CPU
  for (const target of [off, on]) markCpu(target);
  timerResults = summarize(await on.admin.call<{ counters: Record<string, number> }>('GET', '/admin/telemetry'));
} finally {
  await Promise.all([off.server.stop(), on.server.stop()]);
}
const serverEvents = cap.stats();
await cap.close();
const loadAtEnd = os.loadavg()[0]!;
const pipeline = await pipelineScenario();

/** Per pair: requests/s and server CPU per request of each side; then the paired ratios with a 95 % interval. */
function summarize(onTelemetry: { counters: Record<string, number> }) {
  const perRequestMs = (t: TimerTarget, from: number, to: number, requests: number) => ({
    allMs: ((t.cpuMarks[to]!.all - t.cpuMarks[from]!.all) * 1000) / requests,
    mainMs: ((t.cpuMarks[to]!.main - t.cpuMarks[from]!.main) * 1000) / requests,
  });
  const perPair = Array.from({ length: pairs }, (_, i) => {
    const side = (t: TimerTarget) => {
      const r = t.bursts[i]!;
      return { rps: r.requests.total / burstSeconds, p99: r.latency.p99, ...perRequestMs(t, i, i + 1, r.requests.total) };
    };
    return { off: side(off), on: side(on) };
  });
  const total = (t: TimerTarget) => {
    const requests = t.bursts.reduce((n, r) => n + r.requests.total, 0);
    return {
      requests,
      ...perRequestMs(t, 0, t.cpuMarks.length - 1, requests),
      non2xx: t.bursts.reduce((n, r) => n + r.non2xx, 0),
    };
  };
  return {
    perPair,
    rps: ratioInterval(perPair.map((p) => p.on.rps / p.off.rps)),
    main: ratioInterval(perPair.map((p) => p.on.mainMs / p.off.mainMs)),
    all: ratioInterval(perPair.map((p) => p.on.allMs / p.off.allMs)),
    totals: { off: total(off), on: total(on) },
    counters: onTelemetry.counters,
  };
}

/**
 * The typical on/off ratio of the pairs as a change (−0.04 = 4 % less), with a two-sided 95 % Student-t interval:
 * the geometric mean, i.e. the mean of the logarithms. An arithmetic mean of ratios leans towards whichever side
 * has the more variable denominator (with ±15 % per burst, by a point or two).
 */
function ratioInterval(ratios: number[]) {
  const xs = ratios.map(Math.log);
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, n - 1));
  // t(0.975, df) for df = 1…30, then the normal quantile.
  const T = [
    12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.1, 2.09, 2.09, 2.08,
    2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04,
  ];
  const half = n > 1 ? (T[n - 2] ?? 1.96) * (sd / Math.sqrt(n)) : Infinity;
  return { mean: Math.exp(mean) - 1, low: Math.exp(mean - half) - 1, high: Math.exp(mean + half) - 1 };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const range = (x: { mean: number; low: number; high: number }) => `${pct(x.mean)} (${pct(x.low)} … ${pct(x.high)})`;
const { perPair, rps, main, all, totals, counters } = timerResults;
console.log(
  `\nNode ${process.versions.node}, ${os.cpus().length} cores, SQLite, production build, ${connections} connections, ${pairs} pairs of ${burstSeconds} s bursts, load average ${loadAtStart.toFixed(1)} → ${loadAtEnd.toFixed(1)}\n`,
);
console.log('| pair | requests/s off | on | p99 ms off | on | main-thread CPU ms/request off | on | all threads off | on |');
console.log('|---|---|---|---|---|---|---|---|---|');
perPair.forEach((p, i) => {
  const ms = (x: number) => x.toFixed(3);
  console.log(
    `| ${i + 1} | ${Math.round(p.off.rps)} | ${Math.round(p.on.rps)} | ${p.off.p99} | ${p.on.p99} | ${ms(p.off.mainMs)} | ${ms(p.on.mainMs)} | ${ms(p.off.allMs)} | ${ms(p.on.allMs)} |`,
  );
});
const side = (t: (typeof totals)['off']) =>
  `${t.mainMs.toFixed(3)} ms main thread, ${t.allMs.toFixed(3)} ms all threads (${t.requests} requests)`;
console.log(`\nserver CPU per request over all bursts: off ${side(totals.off)}; on ${side(totals.on)}`);
console.log(
  `analytics on vs off, geometric mean of the ${pairs} pairs' ratios (95 % interval): requests/s ${range(rps)}; main-thread CPU per request ${range(main)}; all threads ${range(all)}`,
);
console.log(`non-2xx: off ${totals.off.non2xx}, on ${totals.on.non2xx}; on-server counters ${JSON.stringify(counters)}`);
console.log(
  `capture server got ${serverEvents.events} events in ${serverEvents.requests} requests (other paths: ${serverEvents.otherPaths})`,
);
console.log(`\npipeline (${pipelineEvents} timer.started events, one process):`);
console.log(
  `  track(): ${pipeline.trackPerSecond} calls/s (${pipeline.microsPerTrack} µs wall, ${pipeline.cpuMicrosPerTrack} µs CPU each; enqueue only)`,
);
console.log(
  `  end to end through posthog-node to a loopback capture server: ${pipeline.endToEndPerSecond} events/s (${pipeline.cpuMicrosPerEventEndToEnd} µs CPU per event, all threads of the process)`,
);
console.log(
  `  counters ${JSON.stringify(pipeline.counters)}; ${pipeline.wire.requests} requests, ${pipeline.wire.bytesPerEvent} bytes/event on the wire`,
);
