// The HTTP half of scripts/image-test.sh, talking to the server in the container as the web UI does (session cookie
// plus X-CSRF-Token on every write).
//   first-start <base> <id file>  creates the first admin through the setup API, a project, starts and stops a
//                                 timer; prints the round trip and writes the stopped entry's id to <id file>
//   second-start <base> <id>      signs in again and finds that entry unchanged
import fs from 'node:fs';
import { login, setupAdmin, type ApiSession } from '../test/e2e/seed.js';

const USERNAME = 'imageadmin';
const PASSWORD = 'image test password';

interface Entry {
  id: number;
  project_id: number;
  start_time: string;
  end_time: string | null;
  duration_seconds: number;
  source: string;
}

async function firstStart(base: string, idFile: string): Promise<void> {
  const session = await setupAdmin(base, USERNAME, PASSWORD);
  console.log(`setup: admin "${USERNAME}" created, session cookie and CSRF token received`);
  const project = await session.call<{ id: number }>('POST', '/projects', { name: 'Container check' });
  const t0 = performance.now();
  const { timer } = await session.call<{ timer: { id: number; start_time: string } }>('POST', '/timer/start', {
    project_id: project.id,
    notes: 'started inside the image',
  });
  const running = await session.call<{ timer: { id: number } | null }>('GET', '/timer');
  if (running.timer?.id !== timer.id) throw new Error(`GET /timer does not show the started timer: ${JSON.stringify(running)}`);
  const { time_entry: entry } = await session.call<{ time_entry: Entry }>('POST', '/timer/stop');
  const ms = Math.round(performance.now() - t0);
  if (entry.end_time === null || entry.source !== 'timer')
    throw new Error(`the stopped timer is no entry: ${JSON.stringify(entry)}`);
  const after = await session.call<{ timer: unknown }>('GET', '/timer');
  if (after.timer !== null) throw new Error('a timer still runs after stop');
  console.log(
    `timer round trip (start, GET /timer, stop) in ${ms} ms: entry ${entry.id} ${entry.start_time} → ${entry.end_time}`,
  );
  fs.writeFileSync(idFile, String(entry.id));
}

async function secondStart(base: string, id: number): Promise<void> {
  const info = (await (await fetch(`${base}/api/v1/info`)).json()) as { setup_complete: boolean; version: string };
  if (!info.setup_complete) throw new Error('after the restart the instance asks for setup again: /data was not kept');
  const session: ApiSession = await login(base, USERNAME, PASSWORD);
  const entry = await session.call<Entry>('GET', `/time-entries/${id}`);
  if (entry.end_time === null || entry.source !== 'timer') throw new Error(`entry ${id} changed: ${JSON.stringify(entry)}`);
  console.log(
    `after the restart: signed in again, entry ${entry.id} found (${entry.start_time} → ${entry.end_time}), version ${info.version}`,
  );
}

const [command, base, arg] = process.argv.slice(2);
if (command === 'first-start' && base && arg) await firstStart(base, arg);
else if (command === 'second-start' && base && arg) await secondStart(base, Number(arg));
else {
  console.error('usage: image-test-api.ts first-start <base> <id file> | second-start <base> <entry id>');
  process.exit(2);
}
