// Load test of two app processes sharing one PostgreSQL database (npm run bench:load): 200 users, each on its
// own connection, cycle timer start → timer stop → first page of their entries for 60 s, spread over both
// processes; afterwards the database is checked for errors, lost or duplicated entries and double timers.
// Loopback only, fixed duration; it stops by itself. Needs TT_TEST_PG_URL (a server it may create a database on).
//   npm run bench:load -- [--duration 60] [--users 200]
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createPgDatabase } from '../test/harness.js';
import { Http, startAppProcess, type AppProcess } from '../test/multiprocess/processes.js';
import { freePort } from './server-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    users: { type: 'string', default: '200' },
  },
});
const duration = Number(values.duration);
const userCount = Number(values.users);
const ADMIN = { username: 'load-admin', password: 'load-password-1' };
const PASSWORD = 'load-password-1';

if (!process.env.TT_TEST_PG_URL) {
  console.error('bench:load needs PostgreSQL: set TT_TEST_PG_URL (e.g. export TT_TEST_PG_URL=$(scripts/pg-throwaway.sh .pg-test)).');
  process.exit(2);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15 (clock ticks, 100/s).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

interface UserTally {
  id: number;
  token: string;
  starts: { sent: number; ok: number };
  stops: { sent: number; ok: number; entryIds: number[] };
  lists: { sent: number; ok: number };
  unexpected: { op: string; status: number; body: string }[];
}

const database = await createPgDatabase();
const processes: AppProcess[] = [];
try {
  const env = {
    DATABASE_URL: database.url,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    // Set-up logs 200 users in from one machine: X-Forwarded-For gives each its own address.
    TRUST_PROXY: 'loopback',
  };
  processes.push(...(await Promise.all(['a', 'b'].map(async (name) => startAppProcess(name, { ...env, PORT: String(await freePort()) })))));
  const [a, b] = processes as [AppProcess, AppProcess];
  console.log(`two processes on one PostgreSQL database: ${a.url} (pid ${a.child.pid}), ${b.url} (pid ${b.child.pid})`);

  const admin = await Http.login(a.url, ADMIN.username, ADMIN.password);
  const project = await admin.post('/projects', { name: 'Load test' });
  if (project.status !== 201) throw new Error(`project: ${project.status}`);

  const setupStarted = Date.now();
  const users: UserTally[] = [];
  await pool(
    Array.from({ length: userCount }, (_, i) => i),
    4,
    async (i) => {
      const target = i % 2 ? b : a;
      const username = `load-user-${i}`;
      const created = await admin.on(target.url).post('/users', { username, password: PASSWORD, role: 'user' });
      if (created.status !== 201) throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
      const session = await Http.login(target.url, username, PASSWORD, { 'x-forwarded-for': `10.77.${i >> 8}.${i & 255}` });
      const token = await session.post('/tokens', { name: 'load', scopes: ['read:time_entries', 'write:time_entries'] });
      if (token.status !== 201) throw new Error(`token ${username}: ${token.status}`);
      users[i] = { id: created.body.id, token: token.body.token, starts: { sent: 0, ok: 0 }, stops: { sent: 0, ok: 0, entryIds: [] }, lists: { sent: 0, ok: 0 }, unexpected: [] };
    },
  );
  console.log(`created ${userCount} users with tokens in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

  const byToken = new Map(users.map((u) => [`Bearer ${u.token}`, u]));
  let nextUser = 0;
  const userOf = (req: { headers?: Record<string, string> }) => byToken.get(req.headers?.authorization ?? '');
  type Ctx = { user?: UserTally };
  const record = (op: 'start' | 'stop' | 'list', okStatus: number) => (status: number, body: string, context: Ctx) => {
    const user = context.user;
    if (!user) return;
    const tally = op === 'start' ? user.starts : op === 'stop' ? user.stops : user.lists;
    if (status === okStatus) {
      tally.ok++;
      if (op === 'stop') user.stops.entryIds.push((JSON.parse(body) as { time_entry: { id: number } }).time_entry.id);
    } else {
      user.unexpected.push({ op, status, body: body.slice(0, 200) });
    }
  };
  const sent = (op: 'start' | 'stop' | 'list') => (req: any, context: Ctx) => {
    const user = userOf(req);
    context.user = user;
    if (user) (op === 'start' ? user.starts : op === 'stop' ? user.stops : user.lists).sent++;
    return req;
  };

  console.log(`running ${userCount} connections (one user each, half on each process) for ${duration} s …`);
  const cpuBefore = processes.map((p) => cpuSeconds(p.child.pid));
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        // autocannon spreads the connections over several URLs (connection i → url i % 2); its types only know one.
        url: [a.url, b.url] as unknown as string,
        connections: userCount,
        duration,
        timeout: 30,
        requests: [
          { method: 'POST', path: '/api/v1/timer/start', body: JSON.stringify({ project_id: project.body.id }), setupRequest: sent('start'), onResponse: record('start', 201) },
          { method: 'POST', path: '/api/v1/timer/stop', body: '{}', setupRequest: sent('stop'), onResponse: record('stop', 200) },
          { method: 'GET', path: '/api/v1/time-entries?limit=50', setupRequest: sent('list'), onResponse: record('list', 200) },
        ] as autocannon.Request[],
        setupClient: (client) => {
          const user = users[nextUser++ % users.length]!;
          client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${user.token}` });
        },
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
  });
  const cpuAfter = processes.map((p) => cpuSeconds(p.child.pid));
  // autocannon stops without waiting for the last answers: give the servers time to finish those requests.
  await new Promise((r) => setTimeout(r, 5000));

  // ---- the database's verdict ----
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const rows = (
    await client.query<{ user_id: number; finished: number; running: number; incomplete: number }>(`
      select user_id,
             count(*) filter (where end_time is not null)::int as finished,
             count(*) filter (where end_time is null)::int as running,
             count(*) filter (where (end_time is null) <> (duration_seconds is null))::int as incomplete
      from time_entries group by user_id`)
  ).rows;
  await client.end();
  const perUser = new Map(rows.map((r) => [r.user_id, r]));

  const problems: string[] = [];
  let okStops = 0;
  let unknown = 0;
  for (const u of users) {
    const row = perUser.get(u.id) ?? { finished: 0, running: 0, incomplete: 0 };
    // A request built when the run ended may or may not have reached the server: at most one per connection.
    const unknownStops = u.stops.sent - u.stops.ok - u.unexpected.filter((x) => x.op === 'stop').length;
    const unknownStarts = u.starts.sent - u.starts.ok - u.unexpected.filter((x) => x.op === 'start').length;
    okStops += u.stops.ok;
    unknown += unknownStops + unknownStarts;
    if (row.running > 1) problems.push(`user ${u.id}: ${row.running} running timers`);
    if (row.incomplete > 0) problems.push(`user ${u.id}: ${row.incomplete} half-written entries`);
    if (new Set(u.stops.entryIds).size !== u.stops.entryIds.length) problems.push(`user ${u.id}: one entry stopped twice`);
    if (row.finished < u.stops.ok || row.finished > u.stops.ok + unknownStops) {
      problems.push(`user ${u.id}: ${row.finished} finished entries for ${u.stops.ok} successful stops (+${unknownStops} unanswered)`);
    }
    const expectedRunning = u.starts.ok - u.stops.ok;
    if (row.running < expectedRunning - unknownStops || row.running > expectedRunning + unknownStarts) {
      problems.push(`user ${u.id}: ${row.running} running timers after ${u.starts.ok} starts and ${u.stops.ok} stops`);
    }
    for (const x of u.unexpected) problems.push(`user ${u.id}: ${x.op} answered ${x.status} ${x.body}`);
  }
  if (result.errors > 0 || result.timeouts > 0) problems.push(`${result.errors} connection errors, ${result.timeouts} timeouts`);
  if (result.non2xx > 0) problems.push(`${result.non2xx} non-2xx answers`);
  for (const p of processes) if (p.child.exitCode !== null) problems.push(`process ${p.name} exited with ${p.child.exitCode}`);

  const finished = rows.reduce((n, r) => n + r.finished, 0);
  console.log(`\nNode ${process.versions.node}, ${userCount} connections over 2 processes, ${duration} s, PostgreSQL ${database.url.replace(/\/\/[^@]*@/, '//')}`);
  console.log('| requests | requests/s (avg) | p50 ms | p99 ms | max ms | non-2xx | errors | timer stops | finished entries |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(
    `| ${result.requests.total} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p99} | ${result.latency.max} | ${result.non2xx} | ${result.errors} | ${okStops} | ${finished} |`,
  );
  console.log(`requests still in flight when the run ended: ${unknown}`);
  if (cpuBefore.every((c) => c !== undefined) && cpuAfter.every((c) => c !== undefined)) {
    const used = cpuAfter.reduce((n, c, i) => n + c! - cpuBefore[i]!, 0);
    // Independent of how busy the machine is: what one request costs the two app processes (not PostgreSQL).
    console.log(`app processes' CPU: ${used.toFixed(1)} s for ${result.requests.total} requests = ${((used * 1000) / result.requests.total).toFixed(2)} ms per request`);
  }
  if (fs.existsSync('/proc/loadavg')) {
    console.log(`load average at the end: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} (other work on the machine slows every figure above)`);
  }
  if (problems.length > 0) {
    console.error(`\nFAILED: ${problems.length} problem(s):\n${problems.slice(0, 30).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('\ndatabase check passed: no errors, every successful stop is exactly one finished entry, never two running timers per user');
  }
} finally {
  await Promise.all(processes.map((p) => p.stop()));
  await database.drop();
}
