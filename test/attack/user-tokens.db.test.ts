// A normal user's own API tokens: whatever scopes they hold, they reach only that user's data. The user cannot mint
// admin:all, cannot see or revoke others' tokens, and a token (even one stored with admin:all) grants no admin
// power: the user's role decides, the scopes only narrow it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, tokenFor } from '../harness.js';
import { createWorld, expectError, type World } from '../../src/server/features/time-entries/entries.test-helpers.js';

let w: World;
let bobEntry: number;
beforeAll(async () => {
  w = await createWorld();
  bobEntry = (
    await w.bob.post('/time-entries', { project_id: w.project.id, start_time: '2026-01-05T09:00:00Z', duration_seconds: 600 })
  ).body.id;
});
afterAll(async () => {
  await w.t.close();
});

describe('a normal user’s tokens', () => {
  it('cannot be minted with admin:all, alone or among others', async () => {
    for (const scopes of [['admin:all'], ['read:*', 'admin:all']]) {
      expectError(await w.alice.post('/tokens', { name: 'root', scopes }), 403, 'forbidden');
    }
    expect((await w.alice.get('/tokens')).body.items).toEqual([]);
  });

  it('reach only the user’s own data, whatever scopes they carry', async () => {
    const created = await w.alice.post('/tokens', { name: 'all mine', scopes: ['read:*', 'write:*'] });
    expect(created.status).toBe(201);
    expect(created.body.user_id).toBe(w.ids.alice);
    const token = new ApiClient(w.t.runtime, { token: created.body.token });
    const forged = await tokenFor(w.t, w.ids.alice, ['admin:all']);
    for (const client of [token, forged]) {
      expectError(await client.get(`/time-entries?user_id=${w.ids.bob}`), 403, 'forbidden');
      expectError(await client.get('/time-entries?user_id=all'), 403, 'forbidden');
      expectError(await client.get(`/time-entries/${bobEntry}`), 404, 'not_found');
      expectError(await client.patch(`/time-entries/${bobEntry}`, { notes: 'mine now' }), 404, 'not_found');
      expectError(await client.delete(`/time-entries/${bobEntry}`), 404, 'not_found');
      expectError(
        await client.post('/time-entries', {
          project_id: w.project.id,
          start_time: '2026-01-06T09:00:00Z',
          duration_seconds: 60,
          user_id: w.ids.bob,
        }),
        403,
        'forbidden',
      );
      expectError(
        await client.get(
          `/reports/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&group_by=project&user_id=${w.ids.bob}`,
        ),
        403,
        'forbidden',
      );
      expectError(await client.get('/users'), 403, 'forbidden');
      expectError(await client.patch(`/users/${w.ids.bob}`, { full_name: 'x' }), 403, 'forbidden');
      expectError(await client.post(`/users/${w.ids.bob}/password`, { new_password: 'taken over now' }), 403, 'forbidden');
      // Tokens cannot manage tokens at all (a leaked one cannot entrench itself).
      expectError(await client.get('/tokens'), 403, 'forbidden');
    }
    expect((await w.bob.get(`/time-entries/${bobEntry}`)).body.notes).toBeNull();
  });

  it('cannot list or revoke other users’ tokens through the session either', async () => {
    const bobs = await w.bob.post('/tokens', { name: 'bob', scopes: ['read:*'] });
    expectError(await w.alice.get(`/tokens?user_id=${w.ids.bob}`), 403, 'forbidden');
    expect((await w.alice.get('/tokens')).body.items.map((x: { user_id: number }) => x.user_id)).not.toContain(w.ids.bob);
    expectError(await w.alice.delete(`/tokens/${bobs.body.id}`), 404, 'not_found');
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999'])
      expectError(await w.alice.get(`/tokens?user_id=${bad}`), 400, 'validation_failed');
    // The admin sees Bob's token with its owner and may revoke it.
    const listed = (await w.admin.get(`/tokens?user_id=${w.ids.bob}`)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: bobs.body.id, user_id: w.ids.bob })]);
    expect((await w.admin.delete(`/tokens/${bobs.body.id}`)).status).toBe(204);
  });
});
