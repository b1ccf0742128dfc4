// What analytics costs (npm run bench:analytics):
//  1. requests/s of timer start/stop against a real server process with analytics off (no key) and on (key,
//     product analytics and installation telemetry on, PostHog = a counting capture server on loopback);
//  2. the events/s the pipeline sustains in-process: track() calls per second, and end-to-end events per second
//     from track() to PostHog's 2xx through the real posthog-node SDK.
//   npm run bench:analytics -- [--duration 10] [--connections 10] [--events 50000] [--rounds 2]
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
import { cpuSecondsOf } from './proc-stats.js';
import { BENCH_ADMIN, BenchClient, startBenchServer } from './server-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    events: { type: 'string', default: '50000' },
    rounds: { type: 'string', default: '2' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const pipelineEvents = Number(values.events);
const rounds = Number(values.rounds);

/** A PostHog stand-in that only counts: requests, events, and bytes on the wire. */
async function countingCaptureServer() {
  const stats = { requests: 0, events: 0, bytes: 0, otherPaths: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests++;
      if (req.url !== '/batch/') stats.otherPaths++;
      const raw = Buffer.concat(chunks);
      stats.bytes += raw.length;
      const text = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
      stats.events += (JSON.parse(text) as { batch: unknown[] }).batch.length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon({ ...opts, duration }, (e, r) => (e ? reject(e) : resolve(r))));
}

async function timerScenario(label: string, extraEnv: Record<string, string>) {
  const server = await startBenchServer('sqlite', extraEnv);
  try {
    const admin = await BenchClient.login(server.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Benchmark project' });
    const tokens: string[] = [];
    for (let i = 0; i < connections; i++) {
      await admin.call('POST', '/users', { username: `bench-user-${i}`, password: 'bench-password-1', role: 'user' });
      const session = await BenchClient.login(server.url, `bench-user-${i}`, 'bench-password-1');
      tokens.push((await session.call<{ token: string }>('POST', '/tokens', { name: 'bench', scopes: ['write:time_entries', 'read:time_entries'] })).token);
    }
    let next = 0;
    const cpuBefore = cpuSecondsOf(server.process.pid!);
    const load = os.loadavg()[0]!;
    const result = await run({
      url: server.url,
      connections,
      setupClient: (client) => {
        const headers = { 'content-type': 'application/json', authorization: `Bearer ${tokens[next++ % tokens.length]}` };
        client.setRequests([
          { method: 'POST', path: '/api/v1/timer/start', headers, body: JSON.stringify({ project_id: project.id }) },
          { method: 'POST', path: '/api/v1/timer/stop', headers, body: '{}' },
        ]);
      },
    });
    await new Promise((r) => setTimeout(r, 6_000)); // one flush interval: what was queued gets sent
    const cpuMsPerRequest = ((cpuSecondsOf(server.process.pid!) - cpuBefore) * 1000) / result.requests.total;
    const telemetry = await admin.call<{ counters: Record<string, number> }>('GET', '/admin/telemetry');
    return {
      label,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      cpuMsPerRequest: Math.round(cpuMsPerRequest * 100) / 100,
      load: Math.round(load * 10) / 10,
      counters: telemetry.counters,
    };
  } finally {
    await server.stop();
  }
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
      .values({ username: 'u', username_lower: 'u', password_hash: null, role: 'user', active: 1, auth_method: 'local', signup_method: 'admin', created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    // Queue large enough that nothing is dropped while we measure the sustained rate.
    const analytics = new Analytics({ db: database.db, config, version: '0.0.0', installation, options: { maxQueueSize: pipelineEvents + 10, settingsRefreshMs: 0 } });
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
        analytics.track('timer.started', { project_id: 1 + (i % 50), task_id: null, has_notes: i % 2 === 0, has_tags: false, billable: true });
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
      wire: { ...cap.stats, bytesPerEvent: Math.round(cap.stats.bytes / Math.max(1, cap.stats.events)) },
    };
  } finally {
    await database.close();
    await cap.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const cap = await countingCaptureServer();
// Alternated (off, on, off, on, …) so a change in the machine's load does not favour one side.
const runs: Awaited<ReturnType<typeof timerScenario>>[] = [];
for (let round = 1; round <= rounds; round++) {
  runs.push(await timerScenario(`off (no key), run ${round}`, {}));
  runs.push(await timerScenario(`on (PostHog on loopback), run ${round}`, { POSTHOG_API_KEY: 'phc_bench', POSTHOG_HOST: cap.url, ENABLE_TELEMETRY: 'true' }));
}
const serverEvents = { ...cap.stats };
await cap.close();
const pipeline = await pipelineScenario();

console.log(`\nNode ${process.versions.node}, ${os.cpus().length} cores, SQLite, ${connections} connections, ${duration} s per run\n`);
console.log('| analytics | requests/s | p50 ms | p99 ms | non-2xx | server CPU ms/request | load avg | queued | sent | failed | dropped |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of runs) {
  const c = r.counters;
  console.log(`| ${r.label} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.cpuMsPerRequest} | ${r.load} | ${c.queued} | ${c.sent} | ${c.failed} | ${c.dropped} |`);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[], digits: number) => `${mean(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const side = (prefix: string) => runs.filter((r) => r.label.startsWith(prefix));
const offCpu = mean(side('off').map((r) => r.cpuMsPerRequest));
const onCpu = mean(side('on').map((r) => r.cpuMsPerRequest));
console.log(
  `\nCPU per request, mean (min–max) of ${rounds}: off ${spread(side('off').map((r) => r.cpuMsPerRequest), 2)} ms, on ${spread(side('on').map((r) => r.cpuMsPerRequest), 2)} ms` +
    ` → +${(onCpu - offCpu).toFixed(2)} ms (${(((onCpu - offCpu) / offCpu) * 100).toFixed(1)} %)`,
);
console.log(`requests/s, mean (min–max): off ${spread(side('off').map((r) => r.rps), 0)}, on ${spread(side('on').map((r) => r.rps), 0)}`);
console.log(`capture server got ${serverEvents.events} events in ${serverEvents.requests} requests (other paths: ${serverEvents.otherPaths})`);
console.log(`\npipeline (${pipelineEvents} timer.started events, one process):`);
console.log(`  track(): ${pipeline.trackPerSecond} calls/s (${pipeline.microsPerTrack} µs wall, ${pipeline.cpuMicrosPerTrack} µs CPU each; enqueue only)`);
console.log(`  end to end through posthog-node to a loopback capture server: ${pipeline.endToEndPerSecond} events/s (${pipeline.cpuMicrosPerEventEndToEnd} µs CPU per event, the in-process capture server's gunzip and parse included)`);
console.log(`  counters ${JSON.stringify(pipeline.counters)}; ${pipeline.wire.requests} requests, ${pipeline.wire.bytesPerEvent} bytes/event on the wire`);
