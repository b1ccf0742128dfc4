// The asynchronous log destination loses no line when the process ends right after logging: pino flushes it on
// exit, also through process.exit (log-destination.ts).
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

const script = (ending: string) => `
  import pino from 'pino';
  import { stdoutLogDestination } from './src/server/http/log-destination.ts';
  const log = pino({ level: 'info' }, stdoutLogDestination());
  for (let i = 0; i < 20000; i++) log.info({ i }, 'line');
  ${ending}
`;

it.each([
  ['process.exit right after the last line', 'process.exit(3);'],
  ['the event loop running empty', ''],
])('writes every line in order before the process ends (%s)', (_, ending) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(ending)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(run.stderr).toBe('');
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { i: number; msg: string });
  expect(lines).toHaveLength(20000);
  expect(lines.every((l, i) => l.i === i && l.msg === 'line')).toBe(true);
  expect(run.status).toBe(ending ? 3 : 0);
});
