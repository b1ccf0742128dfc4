// HTTP benchmark of the hot paths (npm run bench:http): timer start/stop and the first page of the entry list,
// against a real server process (the production build) on SQLite and (with TT_TEST_PG_URL) PostgreSQL. Loopback only, bounded in time.
//   npm run bench:http -- [--duration 10] [--connections 20] [--entries 5000]
import autocannon from 'autocannon';
import { parseArgs } from 'node:util';
import { BENCH_ADMIN, BenchClient, startBenchServer } from './server-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    entries: { type: 'string', default: '5000' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const seedEntries = Number(values.entries);

interface Row {
  database: string;
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, duration }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function benchDatabase(kind: 'sqlite' | 'postgres', extraEnv: Record<string, string> = {}): Promise<Row[]> {
  const server = await startBenchServer(kind, extraEnv, 'build');
  try {
    const admin = await BenchClient.login(server.url, BENCH_ADMIN.username, BENCH_ADMIN.password);
    const project = await admin.call<{ id: number }>('POST', '/projects', { name: 'Benchmark project' });

    // One user and token per connection: a user has at most one running timer.
    const tokens: string[] = [];
    for (let i = 0; i < connections; i++) {
      const username = `bench-user-${i}`;
      await admin.call('POST', '/users', { username, password: 'bench-password-1', role: 'user' });
      const session = await BenchClient.login(server.url, username, 'bench-password-1');
      const token = await session.call<{ token: string }>('POST', '/tokens', {
        name: 'bench',
        scopes: ['read:time_entries', 'write:time_entries'],
      });
      tokens.push(token.token);
    }

    // History for the list benchmark: user 0 gets `seedEntries` finished entries, one per hour.
    const lister = new BenchClient(server.url, { authorization: `Bearer ${tokens[0]}` });
    const start = Date.UTC(2025, 0, 1) / 1000;
    const batch = 50;
    for (let i = 0; i < seedEntries; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, seedEntries - i) }, (_, j) => {
          const s = start + (i + j) * 3600;
          return lister.call('POST', '/time-entries', {
            project_id: project.id,
            start_time: new Date(s * 1000).toISOString(),
            end_time: new Date((s + 1800) * 1000).toISOString(),
            notes: `entry ${i + j}`,
          });
        }),
      );
    }

    // Each connection gets its own user's token on both requests of its start → stop loop.
    let next = 0;
    const timer = await run({
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
    const list = await run({
      url: `${server.url}/api/v1/time-entries?limit=50`,
      connections,
      headers: { authorization: `Bearer ${tokens[0]}` },
    });
    return [
      { database: kind, scenario: 'timer start+stop (each request)', ...summarise(timer) },
      { database: kind, scenario: `list first page (50 of ${seedEntries})`, ...summarise(list) },
    ];
  } finally {
    await server.stop();
  }
}

function summarise(result: autocannon.Result) {
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const rows: Row[] = [];
rows.push(...(await benchDatabase('sqlite')));
if (process.env.TT_TEST_PG_URL) rows.push(...(await benchDatabase('postgres')));
else console.warn('PostgreSQL skipped: set TT_TEST_PG_URL to include it.');

console.log(`\nduration ${duration} s per scenario, ${connections} connections, Node ${process.versions.node}\n`);
console.log('| database | scenario | requests/s | p50 ms | p99 ms | non-2xx | errors |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.database} | ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} |`);
