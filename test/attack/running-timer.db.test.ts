// PATCH /timer and DELETE /timer under attack: others' timers and discarded timers, absurd start times, and bursts
// of edits, stops and discards racing each other. Answers are 4xx in the error shape, never a 500; afterwards the
// user has at most one running timer and every stored entry is consistent with its own times.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';
import { clearEntries } from '../../src/server/features/reports/report-world.test-helpers.js';
import { durationSeconds, timerStopSeconds, type RoundingMinutes } from '../../src/shared/time-math.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.t.close();
});
beforeEach(async () => {
  await clearEntries(w.t);
});

const db = () => w.t.runtime.ctx.db;
const iso = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
const now = () => Math.floor(Date.now() / 1000);

/** Every entry of the user, kept or deleted, for consistency checks. */
const rowsOf = (userId: number) =>
  db().selectFrom('time_entries').selectAll().where('user_id', '=', userId).orderBy('id').execute();

async function assertConsistent(userId: number): Promise<void> {
  const rows = await rowsOf(userId);
  const user = await db().selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  expect(rows.filter((r) => r.end_time === null && r.deleted_at === null).length).toBeLessThanOrEqual(1);
  for (const r of rows.filter((row) => row.end_time !== null)) {
    const end = r.end_time as number;
    expect(end).toBeGreaterThanOrEqual(r.start_time);
    const worked = durationSeconds(r.start_time, end, r.break_seconds);
    const rule = { minutes: user.rounding_minutes as RoundingMinutes, method: user.rounding_method };
    expect(r.duration_seconds).toBe(timerStopSeconds(worked, rule, user.min_timer_seconds));
  }
}

describe('whose timer', () => {
  it("never reaches another user's timer, nor restores another user's discarded timer", async () => {
    await w.bob.post('/timer/start', { project_id: w.project.id, notes: 'bob' });
    expectError(await w.alice.patch('/timer', { notes: 'mine now', project_id: w.internal.id }), 409, 'no_running_timer');
    expectError(await w.alice.delete('/timer'), 409, 'no_running_timer');
    // An admin acts on their own timer here too: the timer endpoints take no user_id.
    expectError(await w.admin.patch('/timer?user_id=' + w.ids.bob, { notes: 'x' }), 409, 'no_running_timer');
    const bobs = (await w.bob.get('/timer')).body.timer;
    expect(bobs.notes).toBe('bob');
    expect((await w.bob.delete('/timer')).status).toBe(204);
    const restore = await w.alice.post('/time-entries/restore', { ids: [bobs.id] });
    expect(restore.status).toBe(404);
    expect((await w.bob.get('/timer')).body.timer).toBeNull();
    // Unknown or archived projects and foreign tasks are refused as on start.
    await w.alice.post('/timer/start', { project_id: w.project.id });
    expectError(await w.alice.patch('/timer', { project_id: 2 ** 31 }), 400, 'validation_failed');
    expectError(await w.alice.patch('/timer', { project_id: w.archived.id }), 409, 'project_archived');
    expectError(await w.alice.patch('/timer', { task_id: w.internalTaskId }), 400, 'validation_failed');
    expectError(await w.alice.patch('/timer', { project_id: -1 }), 400, 'validation_failed');
  });
});

describe('absurd start times', () => {
  it('answers 400 naming start_time and leaves the timer as it was', async () => {
    const started = (await w.alice.post('/timer/start', { project_id: w.project.id })).body.timer;
    const values: unknown[] = [
      '0001-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00.000Z',
      iso(now() + 3600),
      iso(now() - 40 * 86_400),
      'NaN',
      '',
      'x'.repeat(100_000),
      '2026-13-45T25:61:61Z',
      ['2026-01-01T00:00:00Z'],
      { $gt: '' },
      1e308,
      true,
    ];
    for (const start_time of values) {
      const res = await w.alice.patch('/timer', { start_time });
      expect(res.status, String(start_time).slice(0, 40)).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual(['start_time']);
    }
    expect((await w.alice.get('/timer')).body.timer.start_time).toBe(started.start_time);
    const text = await w.alice.request('PATCH', '/timer', '{"start_time": ', { 'content-type': 'application/json' });
    expect(text.status).toBe(400);
  });
});

describe('races', () => {
  it('a burst of edits and a stop leaves one consistent entry and no 500', async () => {
    await w.alice.patch('/users/me/preferences', { rounding_minutes: 15, rounding_method: 'up', min_timer_seconds: 60 });
    for (let round = 0; round < 4; round++) {
      await clearEntries(w.t);
      await w.alice.post('/timer/start', { project_id: w.project.id });
      const burst = [
        ...Array.from({ length: 12 }, (_, i) =>
          w.alice.patch('/timer', { start_time: iso(now() - (i + 1) * 30), notes: `n${i}`, tags: [`t${i % 3}`] }),
        ),
        w.alice.post('/timer/stop'),
        ...Array.from({ length: 4 }, () => w.alice.patch('/timer', { billable: false })),
      ];
      const answers = await Promise.all(burst);
      for (const a of answers) expect([200, 409], JSON.stringify(a.body)).toContain(a.status);
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error.code).toBe('no_running_timer');
      const rows = await rowsOf(w.ids.alice);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.end_time).not.toBeNull();
      await assertConsistent(w.ids.alice);
      expect((await w.alice.get('/timer')).body.timer).toBeNull();
    }
  });

  it('a discard racing a stop: exactly one wins, the other answers no_running_timer', async () => {
    for (let round = 0; round < 6; round++) {
      await clearEntries(w.t);
      await w.alice.post('/timer/start', { project_id: w.project.id });
      const [discard, stop, again] = await Promise.all([
        w.alice.delete('/timer'),
        w.alice.post('/timer/stop'),
        w.alice.delete('/timer'),
      ]);
      const winners = [discard, stop, again].filter((a) => a.status === 204 || a.status === 200);
      expect(winners).toHaveLength(1);
      for (const a of [discard, stop, again].filter((x) => !winners.includes(x))) {
        expect({ status: a.status, code: a.body.error.code }).toEqual({ status: 409, code: 'no_running_timer' });
      }
      const rows = await rowsOf(w.ids.alice);
      expect(rows).toHaveLength(1);
      // Stopped: a kept, finished entry; discarded: a marked entry that never got an end.
      if (stop.status === 200) expect(rows[0]).toMatchObject({ deleted_at: null });
      else expect(rows[0]).toMatchObject({ end_time: null, deleted_at: expect.any(Number) });
      await assertConsistent(w.ids.alice);
      expect((await w.alice.get('/timer')).body.timer).toBeNull();
    }
  });
});
