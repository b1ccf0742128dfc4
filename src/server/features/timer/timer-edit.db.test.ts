// PATCH /timer (correct the running timer) and DELETE /timer (discard it), on both databases.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '../live/live-events.js';
import { createWorld, expectError, type World } from '../time-entries/entries.test-helpers.js';

let w: World;
let live: { userId: number; event: LiveEvent }[];
beforeEach(async () => {
  w = await createWorld();
  live = [];
  const bus = w.t.runtime.ctx.live;
  const publish = bus.publish.bind(bus);
  bus.publish = async (userId, events) => {
    for (const event of events) live.push({ userId, event });
    return publish(userId, events);
  };
});
afterEach(async () => {
  vi.useRealTimers();
  await w.t.close();
});

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Freezes the clock (Date only) at a whole second a minute from now. */
function freezeClock(): { base: number; set: (offsetSeconds: number) => void } {
  const base = Math.floor(Date.now() / 1000) * 1000 + 60_000;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(base);
  return { base, set: (offsetSeconds) => vi.setSystemTime(base + offsetSeconds * 1000) };
}

describe('PATCH /timer', () => {
  it('moves the start back, changes project, task, notes, tags and billable, and keeps the timer running', async () => {
    expectError(await w.alice.patch('/timer', { notes: 'x' }), 409, 'no_running_timer');
    const clock = freezeClock();
    const { id } = (await w.alice.post('/timer/start', { project_id: w.internal.id })).body.timer;
    clock.set(30);
    live.length = 0;
    w.events.length = 0;
    const res = await w.alice.patch('/timer', {
      start_time: iso(clock.base - 600_000),
      project_id: w.project.id,
      task_id: w.taskId,
      notes: 'Started ten minutes ago',
      tags: ['Review'],
      billable: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.timer).toEqual({
      id,
      project_id: w.project.id,
      task_id: w.taskId,
      notes: 'Started ten minutes ago',
      tags: ['Review'],
      billable: true,
      start_time: iso(clock.base - 600_000),
      paused: false,
      paused_at: null,
      break_seconds: 0,
      elapsed_seconds: 630,
    });
    expect((await w.alice.get('/timer')).body.timer).toEqual(res.body.timer);
    expect(live.map((l) => [l.userId, l.event.type])).toEqual([
      [w.ids.alice, 'time_entry.changed'],
      [w.ids.alice, 'timer.changed'],
    ]);
    expect(w.events).toEqual([
      {
        event: 'time_entry.updated',
        properties: { time_entry_id: id, fields_changed: ['billable', 'notes', 'project_id', 'start_time', 'tags', 'task_id'] },
      },
    ]);
    // Stopping afterwards counts from the corrected start.
    clock.set(60);
    expect((await w.alice.post('/timer/stop')).body.time_entry).toMatchObject({ id, duration_seconds: 660 });
  });

  it('refuses a start in the future, too far back, garbage, and inside another entry (409 overlap)', async () => {
    const clock = freezeClock();
    const before = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: iso(clock.base - 3_600_000),
      end_time: iso(clock.base - 1_800_000),
    });
    await w.alice.post('/timer/start', { project_id: w.project.id });
    const cases: unknown[] = [
      iso(clock.base + 1000),
      iso(clock.base - 32 * 86_400_000),
      '2026-01-01T00:00:00', // no offset
      'yesterday',
      '9'.repeat(10_000),
      12,
      null,
    ];
    for (const start_time of cases) {
      const details = expectError(await w.alice.patch('/timer', { start_time }), 400, 'validation_failed');
      expect(Object.keys(details.fields), String(start_time).slice(0, 40)).toEqual(['start_time']);
    }
    const overlap = await w.alice.patch('/timer', { start_time: iso(clock.base - 2_000_000) });
    expect(expectError(overlap, 409, 'overlap').conflicting_ids).toEqual([before.body.id]);
    // Touching the entry's end is fine.
    const touching = await w.alice.patch('/timer', { start_time: iso(clock.base - 1_800_000) });
    expect(touching.body.timer.start_time).toBe(iso(clock.base - 1_800_000));
  });

  it('refuses unknown fields, archived projects, unknown projects and tasks of other projects', async () => {
    await w.alice.post('/timer/start', { project_id: w.project.id, task_id: w.taskId });
    expectError(await w.alice.patch('/timer', { end_time: '2026-01-01T00:00:00Z' }), 400, 'validation_failed');
    expectError(await w.alice.patch('/timer', { project_id: w.archived.id }), 409, 'project_archived');
    expect(expectError(await w.alice.patch('/timer', { project_id: 999_999 }), 400, 'validation_failed').fields).toHaveProperty(
      'project_id',
    );
    // The current task does not belong to the new project: the task must change with it.
    expect(
      expectError(await w.alice.patch('/timer', { project_id: w.internal.id }), 400, 'validation_failed').fields,
    ).toHaveProperty('task_id');
    const moved = await w.alice.patch('/timer', { project_id: w.internal.id, task_id: w.internalTaskId });
    expect(moved.body.timer).toMatchObject({ project_id: w.internal.id, task_id: w.internalTaskId });
  });

  it('keeps a paused timer consistent: the start may not pass the pause nor the breaks already taken', async () => {
    const clock = freezeClock();
    await w.alice.post('/timer/start', { project_id: w.project.id });
    clock.set(100);
    await w.alice.post('/timer/pause');
    clock.set(400);
    await w.alice.post('/timer/resume'); // 300 s of break
    clock.set(500);
    await w.alice.post('/timer/pause');
    clock.set(600);
    // 50 s ago lies after the open pause began (100 s ago); 350 s ago leaves 250 s before the pause for 300 s of
    // breaks already taken.
    const late = await w.alice.patch('/timer', { start_time: iso(clock.base + 550_000) });
    expect(expectError(late, 400, 'validation_failed').fields).toEqual({ start_time: 'must not be after the timer was paused' });
    const early = await w.alice.patch('/timer', { start_time: iso(clock.base + 250_000) });
    expect(expectError(early, 400, 'validation_failed').fields).toEqual({
      start_time: 'must leave room for the breaks already taken',
    });
    const ok = await w.alice.patch('/timer', { start_time: iso(clock.base - 100_000) });
    expect(ok.body.timer).toMatchObject({ paused: true, break_seconds: 300, elapsed_seconds: 300 });
  });

  it('reaches only the caller’s own timer', async () => {
    await w.bob.post('/timer/start', { project_id: w.project.id, notes: 'bob' });
    expectError(await w.alice.patch('/timer', { notes: 'alice' }), 409, 'no_running_timer');
    expectError(await w.admin.delete('/timer'), 409, 'no_running_timer');
    expect((await w.bob.get('/timer')).body.timer.notes).toBe('bob');
  });
});

describe('DELETE /timer', () => {
  it('discards the running timer everywhere, keeps no entry, and can be undone with restore', async () => {
    expectError(await w.alice.delete('/timer'), 409, 'no_running_timer');
    const clock = freezeClock();
    const finished = await w.alice.post('/time-entries', {
      project_id: w.project.id,
      start_time: iso(clock.base - 7_200_000),
      end_time: iso(clock.base - 3_600_000),
    });
    const { id } = (await w.alice.post('/timer/start', { project_id: w.project.id, tags: ['x'] })).body.timer;
    // The running entry heads the entries list (start_time desc; nothing can start after a running timer).
    expect((await w.alice.get('/time-entries')).body.items.map((e: { id: number }) => e.id)).toEqual([id, finished.body.id]);
    clock.set(120);
    live.length = 0;
    w.events.length = 0;

    const discarded = await w.alice.delete('/timer');
    expect(discarded.status).toBe(204);
    expect((await w.alice.get('/timer')).body).toEqual({ timer: null });
    expect((await w.alice.get('/time-entries')).body.items.map((e: { id: number }) => e.id)).toEqual([finished.body.id]);
    expect((await w.alice.get(`/time-entries/${id}`)).status).toBe(404);
    const report = await w.alice.get(`/reports/summary?from=${iso(clock.base - 86_400_000)}&to=${iso(clock.base + 86_400_000)}`);
    expect(report.body.total_seconds).toBe(3600);
    expect(live.map((l) => l.event)).toEqual([
      { type: 'timer.changed', data: { timer: null } },
      { type: 'time_entry.deleted', data: { ids: [id] } },
    ]);
    expect(w.events.filter((e) => e.event.startsWith('time'))).toEqual([
      { event: 'time_entry.deleted', properties: { time_entry_id: id } },
    ]);
    expectError(await w.alice.delete('/timer'), 409, 'no_running_timer');
    // A new timer can start at once.
    expect((await w.alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201);
    // Undo while another timer runs: its time is taken.
    expectError(await w.alice.post('/time-entries/restore', { ids: [id] }), 409, 'overlap');
    await w.alice.delete('/timer');
    const restored = await w.alice.post('/time-entries/restore', { ids: [id] });
    expect(restored.body).toEqual({ restored: 1 });
    expect((await w.alice.get('/timer')).body.timer).toMatchObject({ id, tags: ['x'], elapsed_seconds: 120 });
  });
});

describe('minimum duration to keep', () => {
  it('keeps a timer shorter than min_timer_seconds unrounded; rounds longer ones by the timer rule', async () => {
    await w.alice.patch('/users/me/preferences', { rounding_minutes: 15, rounding_method: 'up' });
    const clock = freezeClock();
    let at = 0;
    const stopAfter = async (seconds: number) => {
      await w.alice.post('/timer/start', { project_id: w.project.id });
      at += seconds;
      clock.set(at);
      const entry = (await w.alice.post('/timer/stop')).body.time_entry;
      at += 10; // the next timer starts after this one ended
      clock.set(at);
      return entry.duration_seconds as number;
    };
    expect(await stopAfter(2)).toBe(2); // not a billable 0:15
    expect(await stopAfter(59)).toBe(59);
    expect(await stopAfter(60)).toBe(900);
    await w.alice.patch('/users/me/preferences', { min_timer_seconds: 0 });
    expect(await stopAfter(2)).toBe(900); // asked for: every stop is rounded
    await w.alice.patch('/users/me/preferences', { min_timer_seconds: 300, rounding_method: 'nearest', rounding_minutes: 1 });
    expect(await stopAfter(21)).toBe(21); // not a 0:00 entry
    expect(await stopAfter(301)).toBe(300);
  });
});
