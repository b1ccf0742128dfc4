// The import command as a real child process against the database of a running test instance.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.test-helpers.js';
import type { TestApp } from '../../../test/harness.js';
import { createReportWorld } from '../../server/features/reports/report-world.test-helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TOGGL = path.join(ROOT, 'test/fixtures/imports/toggl-detailed.csv');

describe('npm run cli -- import', { timeout: 120_000 }, () => {
  let t: TestApp;
  let aliceId: number;
  const cli = (args: string[]) => runCli(args, t.env.env);
  const count = async () =>
    Number(
      (
        await t.runtime.ctx.db
          .selectFrom('time_entries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', aliceId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = (await createReportWorld()).t;
    aliceId = (await t.runtime.ctx.db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow())
      .id;
    await t.runtime.ctx.db.updateTable('users').set({ timezone: 'Europe/Berlin' }).where('id', '=', aliceId).execute();
  });
  afterAll(async () => {
    await t.close();
  });

  it('checks its arguments', async () => {
    const missing = await cli(['import', TOGGL, '--format', 'excel']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('Missing --user <username>.')]);
    const nobody = await cli(['import', TOGGL, '--user', 'nobody']);
    expect([nobody.code, nobody.stderr]).toEqual([1, expect.stringContaining('No user "nobody"')]);
  });

  it('dry-runs, imports as an administrator would, and skips everything on a second run', async () => {
    const dry = await cli(['import', TOGGL, '--user', 'alice', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      'Dry run: would import 4 of 4 rows from the toggl file into "alice"; skipped 0 duplicates; would create 2 clients, 3 projects, 1 tasks.\n',
    );
    expect(await count()).toBe(0);

    const real = await cli(['import', TOGGL, '--user', 'ALICE']);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Imported 4 of 4 rows');
    expect(await count()).toBe(4);
    const first = await t.runtime.ctx.db
      .selectFrom('time_entries')
      .select(['start_time', 'source'])
      .where('user_id', '=', aliceId)
      .orderBy('start_time')
      .executeTakeFirstOrThrow();
    expect(first).toEqual({ start_time: Date.UTC(2026, 9, 24, 20) / 1000, source: 'import' });

    const again = await cli(['import', TOGGL, '--user', 'alice']);
    expect(again.stdout).toContain('Imported 0 of 4 rows from the toggl file into "alice"; skipped 4 duplicates.');
    expect(await count()).toBe(4);
  });

  it('shows progress for big files and writes nothing when a row is wrong', async () => {
    const header = 'Project,Client,Start date,Start time,Duration,Description';
    const rows = Array.from(
      { length: 3000 },
      (_, i) =>
        `Bulk,,2025-01-0${1 + Math.floor(i / 1440)},${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00,00:00:30,row ${i}`,
    );
    const dir = fs.mkdtempSync(path.join(t.env.dataDir, 'import-'));
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, [header, ...rows].join('\n'));
    const res = await cli(['import', big, '--user', 'alice', '--timezone', 'UTC']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Writing: 3000/3000 entries (100%)');
    expect(res.stdout).toContain('Imported 3000 of 3000 rows');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      [header, 'Bulk,,2025-02-01,09:00:00,00:10:00,ok', 'Bulk,,2025-02-31,09:00:00,00:10:00,wrong day'].join('\n'),
    );
    const before = await count();
    const failed = await cli(['import', bad, '--user', 'alice']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('row 3: 2025-02-31 09:00:00 is not a valid date and time');
    expect(failed.stderr).toContain('Nothing imported from the toggl file: 1 of 2 rows have errors');
    expect(await count()).toBe(before);
  });
});
