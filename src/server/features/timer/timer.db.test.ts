import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../../test/harness.js';
import { createRuntime } from '../../runtime.js';
import { createWorld, expectError, tokenFor, type World } from '../time-entries/entries.test-helpers.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  vi.useRealTimers();
  await w.t.close();
});

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Freezes the clock (Date only; real timers keep running) at a whole second a minute from now. */
function freezeClock(): { base: number; set: (offsetSeconds: number) => void } {
  const base = Math.floor(Date.now() / 1000) * 1000 + 60_000;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(base);
  return { base, set: (offsetSeconds) => vi.setSystemTime(base + offsetSeconds * 1000) };
}

async function runningRows(userId: number) {
  return w.t.runtime.ctx.db
    .selectFrom('time_entries')
    .selectAll()
    .where('user_id', '=', userId)
    .where('end_time', 'is', null)
    .execute();
}

describe('timer lifecycle', () => {
  it('starts, shows, refuses a second start, stops into an entry, and answers every no-timer error', async () => {
    expect((await w.alice.get('/timer')).body).toEqual({ timer: null });
    for (const path of ['/timer/stop', '/timer/pause', '/timer/resume'])
      expectError(await w.alice.post(path), 409, 'no_running_timer');

    const clock = freezeClock();
    const started = await w.alice.post('/timer/start', {
      project_id: w.project.id,
      task_id: w.taskId,
      notes: 'Hero',
      tags: ['b', 'A'],
    });
    expect(started.status).toBe(201);
    const timer = started.body.timer;
    expect(timer).toEqual({
      id: expect.any(Number),
      project_id: w.project.id,
      task_id: w.taskId,
      notes: 'Hero',
      tags: ['A', 'b'],
      billable: true,
      start_time: iso(clock.base),
      paused: false,
      paused_at: null,
      break_seconds: 0,
      elapsed_seconds: 0,
    });
    clock.set(95);
    expect((await w.alice.get('/timer')).body.timer).toEqual({ ...timer, elapsed_seconds: 95 });
    expectError(await w.alice.post('/timer/start', { project_id: w.internal.id }), 409, 'timer_already_running');
    // the running timer is an entry too, without end and duration
    expect((await w.alice.get(`/time-entries/${timer.id}`)).body).toMatchObject({
      end_time: null,
      duration_seconds: null,
      source: 'timer',
    });
    expect((await w.bob.get('/timer')).body.timer).toBeNull();

    clock.set(125);
    const stopped = await w.alice.post('/timer/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body.time_entry).toMatchObject({
      id: timer.id,
      user_id: w.ids.alice,
      client_id: w.clientId,
      start_time: iso(clock.base),
      end_time: iso(clock.base + 125_000),
      duration_seconds: 120, // 2:05 rounded to the nearest minute (the default)
      break_seconds: 0,
      tags: ['A', 'b'],
      source: 'timer',
    });
    expect((await w.alice.get('/timer')).body).toEqual({ timer: null });
    expectError(await w.alice.post('/timer/stop', {}), 409, 'no_running_timer');
    expect((await w.alice.post('/timer/start', { project_id: w.internal.id })).body.timer.billable).toBe(false);
  });

  it('validates the start body and refuses archived projects', async () => {
    expectError(await w.alice.post('/timer/start', { project_id: w.archived.id }), 409, 'project_archived');
    const cases: [Record<string, unknown>, string][] = [
      [{ project_id: 999_999 }, 'project_id'],
      [{ project_id: w.project.id, task_id: w.internalTaskId }, 'task_id'],
      [{ project_id: w.project.id, start_time: '2026-01-01T00:00:00Z' }, 'start_time'],
      [{ project_id: w.project.id, billable: 'yes' }, 'billable'],
      [{ project_id: w.project.id, tags: ['two\nlines'] }, 'tags.0'],
      [{}, 'project_id'],
    ];
    for (const [body, field] of cases) {
      const details = expectError(await w.alice.post('/timer/start', body), 400, 'validation_failed');
      expect(Object.keys(details.fields), JSON.stringify(body)).toContain(field);
    }
    expect(await runningRows(w.ids.alice)).toEqual([]);
  });

  it('keeps one timer per user, independently for each user, and checks token scopes', async () => {
    expect((await w.alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201);
    expect((await w.bob.post('/timer/start', { project_id: w.project.id })).status).toBe(201);
    const reader = await tokenFor(w.t, w.ids.bob, ['read:time_entries']);
    const writer = await tokenFor(w.t, w.ids.bob, ['write:*']);
    expect((await reader.get('/timer')).body.timer).not.toBeNull();
    expectError(await reader.post('/timer/stop'), 403, 'forbidden');
    expect((await writer.post('/timer/pause')).status).toBe(200);
    expect((await w.alice.get('/timer')).body.timer.paused).toBe(false);
  });
});

describe('pause, resume and stop', () => {
  it('accounts breaks: closed pauses add to break_seconds, an open pause counts as break until the end', async () => {
    const clock = freezeClock();
    const { id } = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
    clock.set(600);
    const paused = await w.alice.post('/timer/pause');
    expect(paused.body.timer).toMatchObject({
      paused: true,
      paused_at: iso(clock.base + 600_000),
      break_seconds: 0,
      elapsed_seconds: 600,
    });
    expectError(await w.alice.post('/timer/pause'), 409, 'already_paused');
    clock.set(900);
    expect((await w.alice.get('/timer')).body.timer).toMatchObject({ paused: true, elapsed_seconds: 600 });
    const resumed = await w.alice.post('/timer/resume');
    expect(resumed.body.timer).toMatchObject({ id, paused: false, paused_at: null, break_seconds: 300, elapsed_seconds: 600 });
    expectError(await w.alice.post('/timer/resume'), 409, 'not_paused');
    clock.set(1000);
    expect((await w.alice.get('/timer')).body.timer.elapsed_seconds).toBe(700);
    clock.set(1200);
    await w.alice.post('/timer/pause');

    expectError(await w.alice.post('/timer/stop', { end_time: iso(clock.base + 1_199_000) }), 400, 'validation_failed'); // before the pause
    expectError(await w.alice.post('/timer/stop', { end_time: iso(clock.base - 1000) }), 400, 'validation_failed'); // before the start
    expectError(await w.alice.post('/timer/stop', { end_time: '2026-01-01T10:00:00' }), 400, 'validation_failed');
    expectError(await w.alice.post('/timer/stop', { at: iso(clock.base) }), 400, 'validation_failed');
    const stopped = await w.alice.post('/timer/stop', { end_time: iso(clock.base + 1_500_000) });
    expect(stopped.body.time_entry).toMatchObject({
      id,
      end_time: iso(clock.base + 1_500_000),
      break_seconds: 600, // 300 resumed + 300 of the pause still open at the end
      duration_seconds: 900,
    });
    const row = await w.t.runtime.ctx.db
      .selectFrom('time_entries')
      .select(['paused_at', 'end_time'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.paused_at).toBeNull();
  });

  it.each([
    [1349, 'nearest', 900],
    [1350, 'nearest', 1800], // half rounds up
    [1349, 'up', 1800],
    [900, 'up', 900],
    [901, 'up', 1800],
    [1799, 'down', 900],
  ] as const)('rounds %i worked seconds %s to 15 minutes → %i on stop', async (worked, method, expected) => {
    await w.t.runtime.ctx.db
      .updateTable('users')
      .set({ rounding_minutes: 15, rounding_method: method })
      .where('id', '=', w.ids.alice)
      .execute();
    const clock = freezeClock();
    await w.alice.post('/timer/start', { project_id: w.project.id });
    clock.set(100);
    await w.alice.post('/timer/pause');
    clock.set(160);
    await w.alice.post('/timer/resume');
    const end = clock.base + (worked + 60) * 1000; // one minute of break on top
    const { time_entry } = (await w.alice.post('/timer/stop', { end_time: iso(end) })).body;
    expect(time_entry).toMatchObject({ end_time: iso(end), break_seconds: 60, duration_seconds: expected });
  });
});

describe('concurrency and restarts', () => {
  it('lets exactly one of 50 simultaneous starts win (inject)', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => w.alice.post('/timer/start', { project_id: w.project.id })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(49);
    for (const r of refused) expectError(r, 409, 'timer_already_running');
    const rows = await runningRows(w.ids.alice);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(results.find((r) => r.status === 201)?.body.timer.id);
  });

  it('lets exactly one of 50 simultaneous starts win over real HTTP', async () => {
    const address = await w.t.runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const headers = {
      'content-type': 'application/json',
      cookie: `tt_session=${w.alice.auth.cookie}`,
      'x-csrf-token': w.alice.auth.csrf ?? '',
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const res = await fetch(`${address}/api/v1/timer/start`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ project_id: w.project.id }),
        });
        return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
      }),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.body.error?.code === 'timer_already_running')).toHaveLength(49);
    expect(await runningRows(w.ids.alice)).toHaveLength(1);
  });

  it('keeps a running timer across a restart of the server', async () => {
    const timer = (await w.alice.post('/timer/start', { project_id: w.project.id, notes: 'across restarts' })).body.timer;
    await w.t.runtime.close();
    const runtime = await createRuntime(w.t.env.env, { logger: false });
    try {
      const alice = new ApiClient(runtime, w.alice.auth);
      const after = (await alice.get('/timer')).body.timer;
      expect(after).toMatchObject({ id: timer.id, start_time: timer.start_time, notes: 'across restarts', paused: false });
      expect((await alice.post('/timer/stop')).body.time_entry).toMatchObject({ id: timer.id, start_time: timer.start_time });
    } finally {
      await runtime.close();
    }
  });
});

describe('analytics', () => {
  it('tracks timer events with exactly the catalog properties', async () => {
    const clock = freezeClock();
    const { id } = (
      await w.alice.post('/timer/start', { project_id: w.project.id, task_id: w.taskId, notes: 'private', tags: ['secret'] })
    ).body.timer;
    clock.set(60);
    await w.alice.post('/timer/pause');
    clock.set(120);
    await w.alice.post('/timer/resume');
    clock.set(3660);
    await w.alice.post('/timer/stop');
    await w.bob.post('/timer/start', { project_id: w.internal.id });
    expect(w.events.filter((e) => e.event.startsWith('timer.'))).toEqual([
      {
        event: 'timer.started',
        properties: { project_id: w.project.id, task_id: w.taskId, has_notes: true, has_tags: true, billable: true },
      },
      { event: 'timer.paused', properties: { time_entry_id: id } },
      { event: 'timer.resumed', properties: { time_entry_id: id } },
      { event: 'timer.stopped', properties: { time_entry_id: id, project_id: w.project.id, duration_seconds: 3600 } },
      {
        event: 'timer.started',
        properties: { project_id: w.internal.id, task_id: null, has_notes: false, has_tags: false, billable: false },
      },
    ]);
    expect(JSON.stringify(w.events)).not.toMatch(/private|secret/);
  });
});

describe('timer and the overlap rule', () => {
  it('refuses to start while now lies inside an entry (409 overlap naming it) and leaves no timer behind', async () => {
    const clock = freezeClock();
    const around = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: iso(clock.base - 3_600_000),
      end_time: iso(clock.base + 600_000),
    });
    expect(around.status).toBe(201);
    const refused = await w.alice.post('/timer/start', { project_id: w.project.id });
    expect(expectError(refused, 409, 'overlap').conflicting_ids).toEqual([around.body.id]);
    expect((await w.alice.get('/timer')).body).toEqual({ timer: null });
    expect(await runningRows(w.ids.alice)).toHaveLength(0);

    // Once the entry has ended, the timer starts; another user's entries never count.
    clock.set(600);
    await w.bob.post('/time-entries', {
      project_id: w.project.id,
      start_time: iso(clock.base),
      end_time: iso(clock.base + 7_200_000),
    });
    expect((await w.alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201);
  });
});
