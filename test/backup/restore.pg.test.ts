// Backup and restore on PostgreSQL with exactly the commands of docs/deployment.md (Backups): pg_dump's custom
// format while the server keeps writing, pg_restore into a new, empty database, the server started on it with the
// same SECRET_KEY.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'vitest';
import type { Runtime } from '../../src/server/runtime.js';
import { createTestEnvironment, type TestEnvironment } from '../harness.js';
import { pgTool, startOn } from '../restored-instance.js';
import { liveInstance, type LiveInstance } from './live-instance.js';

describe('PostgreSQL backup under writes, restored and used', { timeout: 180_000 }, () => {
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
    const dump = path.join(source.dataDir, 'tt.dump');
    const log = await live.backupUnderWrites(async () => {
      await pgTool('pg_dump', ['--format=custom', `--file=${dump}`, source.env.DATABASE_URL!]);
    });

    restoredEnv = await createTestEnvironment({}, 'postgres', { empty: true });
    await pgTool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restoredEnv.env.DATABASE_URL!}`, dump]);
    // SECRET_KEY is configuration, not data: the restored instance gets the original's.
    restoredEnv.env.SECRET_KEY = fs.readFileSync(path.join(source.dataDir, 'secret.key'), 'utf8').trim();
    restored = await startOn(restoredEnv.env);
    await live.checkRestored(restored, log);
  });
});
