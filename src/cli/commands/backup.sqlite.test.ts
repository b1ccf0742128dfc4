// `backup <file>` run as a real CLI process while a server instance keeps the database open and writing.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnvironment, startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/harness.js';
import { runCli } from '../cli.test-helpers.js';

describe('CLI backup on SQLite', { timeout: 120_000 }, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('copies the live SQLite database consistently, and the copy restores into a working instance', async () => {
    const admin = await t.setupAdmin();
    const project = (await admin.post('/projects', { name: 'Backed up' })).body;
    for (let i = 0; i < 5; i++) {
      expect((await admin.post('/timer/start', { project_id: project.id })).status).toBe(201);
      expect((await admin.post('/timer/stop', {})).status).toBe(200);
    }
    const target = path.join(t.env.dataDir, 'backups', 'tt.sqlite');

    // The server keeps writing while the backup runs.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) await admin.post('/clients', { name: `Client ${n++}` });
      return n;
    })();
    const result = await runCli(['backup', target], t.env.env);
    writing = false;
    const clientsWritten = await writer;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Backed up .* 1 users, 5 time entries\./);
    expect(result.stdout).toContain(`Keep a copy of ${path.join(t.env.dataDir, 'secret.key')} too`);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['tt.sqlite']); // no partial file left behind

    const copy = new SQLite(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const names = (copy.prepare('select name from clients').all() as { name: string }[]).map((r) =>
      Number(r.name.slice('Client '.length)),
    );
    copy.close();
    // One point in time: the clients written one after another up to some moment, without gaps.
    expect(names.sort((x, y) => x - y)).toEqual(Array.from({ length: names.length }, (_, i) => i));
    expect(names.length).toBeLessThanOrEqual(clientsWritten);

    // A second backup to the same file needs --force.
    const again = await runCli(['backup', target], t.env.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect((await runCli(['backup', target, '--force'], t.env.env)).code).toBe(0);

    // Restore = put the file in place of timetracker.sqlite of a stopped instance.
    const restored = await createTestEnvironment({}, 'sqlite');
    try {
      fs.copyFileSync(target, path.join(restored.dataDir, 'timetracker.sqlite'));
      fs.copyFileSync(path.join(t.env.dataDir, 'secret.key'), path.join(restored.dataDir, 'secret.key'));
      const second = await startTestApp({ DATA_DIR: restored.dataDir }, {}, 'sqlite');
      try {
        const back = await second.login('admin', TEST_PASSWORD);
        const entries = (await back.get('/time-entries')).body.items;
        expect(entries).toHaveLength(5);
        expect(entries.every((e: any) => e.project_id === project.id && e.end_time !== null)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await restored.destroy();
    }
  });
});
