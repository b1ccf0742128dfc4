// Project budgets: spent time and money in the budget period, budget use, and one grouped query per page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { addUser, startTestApp, type ApiClient, type TestApp } from '../../../../test/harness.js';

let t: TestApp;
let admin: ApiClient;
let alice: ApiClient;
// The instance's time zone decides the month of a monthly budget.
const NOW = Date.UTC(2026, 11, 15, 12, 0, 0);
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  t = await startTestApp({ TZ: 'Europe/Berlin' });
  admin = await t.setupAdmin();
  alice = (await addUser(t, 'alice')).client;
});
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;

async function entry(user: ApiClient, projectId: number, startMs: number, hours: number, billable = true): Promise<number> {
  const res = await user.post('/time-entries', {
    project_id: projectId,
    start_time: iso(startMs),
    end_time: iso(startMs + hours * HOUR),
    billable,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

describe('project budgets', () => {
  it('counts every user’s finished, kept entries, in time and money, and answers the larger use', async () => {
    const client = (await admin.post('/clients', { name: 'Acme', default_hourly_rate: '80' })).body;
    const created = await admin.post('/projects', {
      name: 'Website',
      client_id: client.id,
      hourly_rate: '100.00',
      budget_hours: 10,
      budget_amount: '1000',
    });
    expect(created.status).toBe(201);
    const project = created.body;
    expect(project).toMatchObject({
      budget_hours: 10,
      budget_amount: '1000.00',
      budget_period: 'total',
      spent_seconds: 0,
      spent_amount: '0.00',
      budget_used: 0,
    });
    await entry(admin, project.id, NOW - 48 * HOUR, 2); // billable, 200.00
    await entry(alice, project.id, NOW - 24 * HOUR, 1, false); // time only
    const deleted = await entry(alice, project.id, NOW - 20 * HOUR, 5);
    expect((await alice.delete(`/time-entries/${deleted}`)).status).toBe(204);
    await alice.post('/timer/start', { project_id: project.id }); // running: not finished, not counted

    const seen = (await alice.get(`/projects/${project.id}`)).body;
    expect(seen).toMatchObject({ spent_seconds: 3 * 3600, spent_amount: '200.00', budget_used: 0.3 });
    expect((await alice.get('/projects')).body.items[0]).toEqual(seen);

    // Money can be the larger use; without a rate there is no money spent.
    await admin.patch(`/projects/${project.id}`, { budget_amount: '250.00' });
    expect((await alice.get(`/projects/${project.id}`)).body.budget_used).toBe(0.8);
    const noRate = (await admin.post('/projects', { name: 'Free', budget_amount: '100' })).body;
    await entry(alice, noRate.id, NOW - 72 * HOUR, 1);
    expect((await alice.get(`/projects/${noRate.id}`)).body).toMatchObject({
      spent_seconds: 3600,
      spent_amount: null,
      budget_used: 0,
    });
    // Client's default rate when the project has none; no budget → null use.
    const clientRate = (await admin.post('/projects', { name: 'Support', client_id: client.id })).body;
    await entry(alice, clientRate.id, NOW - 96 * HOUR, 1.5);
    expect((await alice.get(`/projects/${clientRate.id}`)).body).toMatchObject({
      spent_seconds: 5400,
      spent_amount: '120.00',
      budget_used: null,
    });
    // A zero budget is used up as soon as anything is spent.
    await admin.patch(`/projects/${clientRate.id}`, { budget_hours: 0 });
    expect((await alice.get(`/projects/${clientRate.id}`)).body.budget_used).toBe(1);
  });

  it('counts only the entries starting in the current month of the instance time zone for a monthly budget', async () => {
    const project = (await admin.post('/projects', { name: 'Retainer', budget_hours: 4, budget_period: 'monthly' })).body;
    expect(project.budget_period).toBe('monthly');
    await entry(alice, project.id, Date.UTC(2026, 10, 20, 9), 3); // November
    await entry(alice, project.id, Date.UTC(2026, 10, 30, 23, 30), 0.5); // 1 December 00:30 in Berlin
    await entry(alice, project.id, Date.UTC(2026, 11, 10, 9), 1);
    expect((await alice.get(`/projects/${project.id}`)).body).toMatchObject({ spent_seconds: 5400, budget_used: 0.375 });
    await admin.patch(`/projects/${project.id}`, { budget_period: 'total' });
    expect((await alice.get(`/projects/${project.id}`)).body).toMatchObject({ spent_seconds: 16_200, budget_used: 1.125 });
  });

  it('refuses bad budgets', async () => {
    for (const [body, field] of [
      [{ name: 'a', budget_amount: '-1' }, 'budget_amount'],
      [{ name: 'a', budget_amount: '1.234' }, 'budget_amount'],
      [{ name: 'a', budget_amount: '9'.repeat(400) }, 'budget_amount'],
      [{ name: 'a', budget_period: 'weekly' }, 'budget_period'],
    ] as const) {
      const res = await admin.post('/projects', body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields)).toEqual([field]);
    }
  });

  it('reads a page of 100 projects with one statement over time_entries, not one per project', async () => {
    const now = Math.floor(NOW / 1000);
    const db = t.runtime.ctx.db;
    const aliceId = (await db.selectFrom('users').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 100; i++) {
      const p = await db
        .insertInto('projects')
        .values({
          name: `P${i}`,
          name_lower: `p${i}`,
          client_id: null,
          description: null,
          billable: 1,
          hourly_rate_cents: 10_000,
          color: null,
          budget_hours: 10,
          budget_amount_cents: null,
          budget_period: i % 2 === 0 ? 'total' : 'monthly',
          status: 'active',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const start = now - (i + 1) * 7200;
      await db
        .insertInto('time_entries')
        .values({
          user_id: aliceId,
          project_id: p.id,
          task_id: null,
          start_time: start,
          end_time: start + 3600,
          duration_seconds: 3600,
          break_seconds: 0,
          paused_at: null,
          notes: null,
          billable: 1,
          source: 'manual',
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .execute();
    }
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        if (JSON.stringify(args.node).includes('"time_entries"')) statements += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    t.runtime.ctx.db = db.withPlugin(counter);
    const page = await alice.get('/projects?limit=100');
    t.runtime.ctx.db = db;
    expect(page.body.items).toHaveLength(100);
    expect(page.body.items.every((p: { spent_seconds: number; budget_used: number }) => p.spent_seconds === 3600)).toBe(true);
    expect(page.body.items[0]).toMatchObject({ spent_amount: '100.00', budget_used: 0.1 });
    // Timings are for bench/reports.ts (docs/performance.md); here: one statement, whatever the page size.
    expect(statements).toBe(1);
  });
});
