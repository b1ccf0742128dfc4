// Every API answer is Cache-Control: no-store — signed-in users' data, their errors, and the public state alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiClient, type TestApp } from '../../../test/harness.js';

describe('Cache-Control of API answers', () => {
  let t: TestApp;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.setupAdmin();
  });
  afterAll(async () => {
    await t.close();
  });

  it('is no-store for what a session or a token reads and writes', async () => {
    const token = await t.tokenClient(admin, ['read:*', 'write:time_entries']);
    const answers = [
      await admin.get('/users/me'),
      await admin.get('/time-entries'),
      await admin.post('/clients', { name: 'Acme' }),
      await token.get('/projects'),
      await token.get('/reports/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers['cache-control']).toBe('no-store');
    }
  });

  it('is no-store for errors, signed in or not', async () => {
    const answers = [
      await admin.get('/time-entries/999999'),
      await admin.post('/clients', { nope: true }),
      await admin.post('/clients', { name: 'x' }, { 'x-csrf-token': 'wrong' }),
      await t.anonymous.get('/users/me'),
      await t.anonymous.get('/no/such/route'),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 400, 403, 401, 404]);
    for (const answer of answers) expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('is no-store for the public health and info answers too (a cached health check would hide an outage)', async () => {
    for (const path of ['/health', '/info']) expect((await t.anonymous.get(path)).headers['cache-control']).toBe('no-store');
  });
});
