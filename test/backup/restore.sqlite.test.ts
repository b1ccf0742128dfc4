// Backup and restore on SQLite, as docs/deployment.md (Backups) tells operators to do it: the CLI's online backup
// while the server keeps writing, the copy put into a new DATA_DIR beside the old secret.key, the server started
// on it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/server/runtime.js';
import { runCli } from '../../src/cli/cli.test-helpers.js';
import { createTestEnvironment, type TestEnvironment } from '../harness.js';
import { sqliteFileIn, startOn } from '../restored-instance.js';
import { liveInstance, type LiveInstance } from './live-instance.js';

describe('SQLite backup under writes, restored and used', { timeout: 180_000 }, () => {
  let live: LiveInstance | undefined;
  let restoredEnv: TestEnvironment | undefined;
  let restored: Runtime | undefined;
  afterEach(async () => {
    await restored?.close();
    await restoredEnv?.destroy();
    await live?.world.t.close();
  });

  it('restores every user, entry, session and the invoice sequence of one point in time', async () => {
    live = await liveInstance();
    const source = live.world.t.env;
    const target = path.join(source.dataDir, 'backups', 'tt.sqlite');
    const log = await live.backupUnderWrites(async () => {
      const result = await runCli(['backup', target], source.env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    });

    restoredEnv = await createTestEnvironment({}, 'sqlite');
    fs.copyFileSync(target, sqliteFileIn(restoredEnv.dataDir));
    fs.copyFileSync(path.join(source.dataDir, 'secret.key'), path.join(restoredEnv.dataDir, 'secret.key'));
    restored = await startOn(restoredEnv.env);
    await live.checkRestored(restored, log);
  });
});
