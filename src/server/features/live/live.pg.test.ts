// Live events between two runtimes sharing one PostgreSQL database (LISTEN/NOTIFY); runs in the postgres project.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp } from '../../../../test/harness.js';
import { createRuntime } from '../../runtime.js';
import { entriesDeleted, publishLive, timerChanged } from './publish.js';
import { cookieHeaders, listen, openSse, runningTimerRow as running, type SseStream } from './sse-client.test-helpers.js';

describe('live events between processes sharing PostgreSQL (LISTEN/NOTIFY)', () => {
  it('delivers events published by another runtime, and recovers after its listener connection is killed', async () => {
    const a = await startTestApp();
    // A second runtime on the same database (same secret key, as processes sharing a database must have).
    const b = await createRuntime(a.env.env, { logger: false });
    const streams: SseStream[] = [];
    try {
      const admin = await a.setupAdmin();
      const adminId = (await admin.get('/auth/session')).body.user.id as number;
      const onB = await openSse(await listen(b), cookieHeaders(admin));
      streams.push(onB);
      expect(onB.status).toBe(200); // the session created through A works on B
      await onB.waitFor((e) => e.event === 'ready');

      await publishLive(a.runtime.ctx, adminId, timerChanged(running));
      expect((await onB.waitFor((e) => e.event === 'timer.changed', 3000)).data.timer.id).toBe(7);

      // Kill B's LISTEN connection from the server side: B reconnects, tells its streams to resync, and
      // events flow again.
      const killed = await sql<{ n: number }>`
        select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where application_name = 'timetracker-live' and datname = current_database() and pid <> pg_backend_pid()`.execute(
        a.runtime.ctx.db,
      );
      expect(killed.rows[0]!.n).toBe(2); // one listener per runtime
      await onB.waitFor((e) => e.event === 'resync', 10_000);
      await publishLive(a.runtime.ctx, adminId, entriesDeleted([99]));
      expect((await onB.waitFor((e) => e.event === 'time_entry.deleted', 3000)).data).toEqual({ ids: [99] });
      expect(b.ctx.live.isListening()).toBe(true);
    } finally {
      for (const s of streams) s.close();
      await b.close();
      await a.close();
    }
  });
});
