// Latency of the weekly timesheet with a million entries in the database (npm run bench:timesheet):
//   npm run bench:timesheet -- [--data-dir data/bench] [--runs 200] [--entries 1000000] [--users 400]
// Seeds DATA_DIR with bench/seed.ts first when it holds no database yet (SQLite; with DATABASE_URL the database
// must have been seeded with npm run bench:seed). Fewer users give the measured user a longer history: with
// `--users 40` (a data dir of its own) bench-user-001 has 25,000 of the million entries, some 26 years of workdays. Starts the production build as a process of its own, signs in
// as bench-user-001 and measures, one request at a time:
//   - GET /timesheet for the 26 weeks before the end of the seeded history, round and round;
//   - PUT /timesheet/cell on the weekdays of one of those weeks, cycling totals that create, change and delete
//     the timesheet's own entries beside the seeded ones;
//   - the calendar's calls: a week's entries (GET /time-entries?from&to) and moving an entry (PATCH).
// Prints p50/p95/max in ms, the server process's CPU per request (from /proc) and the machine's load average
// (numbers for docs/performance.md).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  dateOfDayNumber,
  dayNumber,
  formatDate,
  formatWeek,
  weekDays,
  weekOf,
  type FirstDay,
} from '../src/shared/timesheet-week.js';
import { BENCH_PASSWORD, SEED_END, benchUser } from './report-data.js';
import { cpuSecondsOf } from './proc-stats.js';
import { freePort, waitForHealth } from './server-process.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: 'data/bench' },
    runs: { type: 'string', default: '200' },
    entries: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '400' },
  },
});
const RUNS = Number(values.runs);
const dataDir = path.resolve(values['data-dir']);
const databaseUrl = process.env.DATABASE_URL;

if (!databaseUrl && !fs.existsSync(path.join(dataDir, 'timetracker.sqlite'))) {
  console.error(`No database in ${dataDir}: seeding ${values.entries} entries first (bench/seed.ts).`);
  const seeded = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/seed.ts', '--entries', values.entries, '--users', values.users, '--data-dir', dataDir],
    { stdio: 'inherit' },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed (${seeded.status})`);
}
if (!fs.existsSync('dist/server/main.js')) throw new Error('no production build: run npm run build:server first');

const loadAtStart = os.loadavg();
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
const base = `http://127.0.0.1:${port}/api/v1`;
try {
  await waitForHealth(server, base, 120_000);

  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: benchUser(0), password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = /tt_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const call = async (method: string, url: string, body?: unknown) => {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return { ms, json };
  };

  const prefs = (await call('GET', '/users/me/preferences')).json as { week_start: FirstDay; timezone: string };
  const lastDay = dateOfDayNumber(Math.floor(SEED_END / 86_400));
  const weeks = Array.from({ length: 26 }, (_, i) => weekOf(dateOfDayNumber(dayNumber(lastDay) - 7 * i), prefs.week_start));
  const project = (await call('GET', '/projects?status=active&limit=1')).json.items[0] as { id: number };

  const stats = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
    return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] as number };
  };

  // Warm-up (statement cache, page cache), not counted.
  for (const week of weeks) await call('GET', `/timesheet?week=${formatWeek(week)}`);
  const pid = server.pid as number;
  const cpuBeforeGets = cpuSecondsOf(pid);
  const gets: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, json } = await call('GET', `/timesheet?week=${formatWeek(weeks[i % weeks.length]!)}`);
    gets.push(ms);
    rows += json.rows.length;
  }

  const getCpu = ((cpuSecondsOf(pid) - cpuBeforeGets) * 1000) / RUNS;

  const days = weekDays(weeks[1]!, prefs.week_start).map(formatDate);
  const totals = [1800, 5400, 3600, 0];
  const puts: number[] = [];
  const cpuBeforePuts = cpuSecondsOf(pid);
  for (let i = 0; i < RUNS; i++) {
    const { ms } = await call('PUT', '/timesheet/cell', {
      date: days[i % days.length],
      project_id: project.id,
      seconds: totals[Math.floor(i / days.length) % totals.length],
    });
    puts.push(ms);
  }
  const putCpu = ((cpuSecondsOf(pid) - cpuBeforePuts) * 1000) / RUNS;
  // Leave the database as it was.
  for (const date of days) await call('PUT', '/timesheet/cell', { date, project_id: project.id, seconds: 0 });

  // The calendar's calls for the same weeks: the week view's entries (the page asks for up to 500 at a time) and
  // moving an entry by a quarter of an hour and back (a drag).
  const weekRange = (i: number) => {
    const first = weekDays(weeks[i % weeks.length]!, prefs.week_start)[0]!;
    const from = Date.UTC(first.year, first.month - 1, first.day);
    return `from=${new Date(from).toISOString()}&to=${new Date(from + 7 * 86_400_000).toISOString()}`;
  };
  const calendarGets: number[] = [];
  let listed = 0;
  const cpuBeforeCalendar = cpuSecondsOf(pid);
  for (let i = 0; i < RUNS; i++) {
    const { ms, json } = await call('GET', `/time-entries?${weekRange(i)}&limit=500`);
    calendarGets.push(ms);
    listed += json.items.length;
  }
  const calendarGetCpu = ((cpuSecondsOf(pid) - cpuBeforeCalendar) * 1000) / RUNS;
  const movable = (
    (await call('GET', `/time-entries?${weekRange(2)}&limit=500`)).json.items as {
      id: number;
      start_time: string;
      end_time: string;
    }[]
  ).find((e) => e.end_time !== null)!;
  const moves: number[] = [];
  const cpuBeforeMoves = cpuSecondsOf(pid);
  for (let i = 0; i < RUNS; i++) {
    // Forward and back by 15 minutes, the end first when moving later so the entry never overlaps its own old place.
    const shift = i % 2 === 0 ? 900 : 0;
    const at = (iso: string) => new Date(Date.parse(iso) + shift * 1000).toISOString();
    const { ms } = await call('PATCH', `/time-entries/${movable.id}`, {
      start_time: at(movable.start_time),
      end_time: at(movable.end_time),
    });
    moves.push(ms);
  }
  const moveCpu = ((cpuSecondsOf(pid) - cpuBeforeMoves) * 1000) / RUNS;

  const g = stats(gets);
  const p = stats(puts);
  const cg = stats(calendarGets);
  const cm = stats(moves);
  const f = (n: number) => n.toFixed(1);
  console.log(
    `\nTimesheet, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${benchUser(0)} (${prefs.timezone}), ${RUNS} requests each`,
  );
  console.log(
    `load average at start: ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`,
  );
  console.log('| Request | p50 ms | p95 ms | max ms | server CPU ms | detail |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| GET /timesheet (26 weeks in turn) | ${f(g.p50)} | ${f(g.p95)} | ${f(g.max)} | ${f(getCpu)} | ${(rows / RUNS).toFixed(1)} rows a week |`,
  );
  console.log(
    `| PUT /timesheet/cell (create, change, delete) | ${f(p.p50)} | ${f(p.p95)} | ${f(p.max)} | ${f(putCpu)} | totals ${totals.join('/')} s on ${days[0]} … ${days[6]} |`,
  );
  console.log(
    `| Calendar week: GET /time-entries?from&to (26 weeks in turn) | ${f(cg.p50)} | ${f(cg.p95)} | ${f(cg.max)} | ${f(calendarGetCpu)} | ${(listed / RUNS).toFixed(1)} entries a week |`,
  );
  console.log(
    `| Calendar drag: PATCH /time-entries/{id} (±15 min) | ${f(cm.p50)} | ${f(cm.p95)} | ${f(cm.max)} | ${f(moveCpu)} | entry ${movable.id} |`,
  );
} finally {
  server.kill('SIGTERM');
}
