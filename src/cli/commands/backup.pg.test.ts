// `backup` on a PostgreSQL installation: it points to pg_dump instead of copying anything.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/harness.js';
import { runCli } from '../cli.test-helpers.js';

describe('CLI backup on PostgreSQL', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('points PostgreSQL installations to pg_dump and writes nothing', async () => {
    const target = path.join(t.env.dataDir, 'pg-backup.sqlite');
    const result = await runCli(['backup', target], t.env.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('pg_dump');
    expect(result.stderr).not.toContain(t.env.env.DATABASE_URL!); // no credentials or URLs echoed
    expect(fs.existsSync(target)).toBe(false);
  });
});
