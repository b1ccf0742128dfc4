import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { addUser, startTestApp, type TestApp } from '../../../test/harness.js';
import { nowSeconds } from '../lib/clock.js';
import { reusableListQuery, reusableQuery } from './reusable-query.js';
import type { DB } from './schema.js';

let t: TestApp;
let ids: number[];
beforeAll(async () => {
  t = await startTestApp();
  await t.setupAdmin();
  ids = [];
  for (const name of ['ann', 'ben', 'cid']) ids.push((await addUser(t, name)).id);
});
afterAll(async () => {
  await t.close();
});

let builds = 0;
const usersNamed = reusableQuery((db: Kysely<DB>, lower: string, minId: number) => {
  builds++;
  return db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username_lower', '=', lower)
    .where('id', '>=', minId)
    .where('active', '=', 1);
});
const usersIn = reusableListQuery((db: Kysely<DB>, userIds: readonly number[]) =>
  db.selectFrom('users').select('id').where('id', 'in', userIds).orderBy('id'),
);

describe('reusableQuery', () => {
  it('builds once per dialect and runs every call with its own values', async () => {
    const db = t.runtime.ctx.db;
    const before = builds;
    expect(await usersNamed.execute(db, 'ann', 0)).toEqual([{ id: ids[0], username: 'ann' }]);
    expect(await usersNamed.takeFirst(db, 'ben', ids[1]!)).toEqual({ id: ids[1], username: 'ben' });
    expect(await usersNamed.takeFirst(db, 'ben', ids[1]! + 1)).toBeUndefined();
    expect(builds - before).toBeLessThanOrEqual(1);
    const [a, b] = [usersNamed.compile(db, 'ann', 1), usersNamed.compile(db, 'cid', 2)];
    expect(a.sql).toBe(b.sql);
    expect(b.parameters).toEqual(['cid', 2, 1]); // the constant (active = 1) stays where it was compiled
  });

  it('runs inside a transaction, on its connection', async () => {
    const db = t.runtime.ctx.db;
    const seen = await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ username_lower: 'ann-renamed' }).where('id', '=', ids[0]!).execute();
      const inside = await usersNamed.takeFirst(trx, 'ann-renamed', 0);
      await trx.updateTable('users').set({ username_lower: 'ann', updated_at: nowSeconds() }).where('id', '=', ids[0]!).execute();
      return inside;
    });
    expect(seen?.id).toBe(ids[0]);
  });

  it('lets a database with plugins see the statements it runs', async () => {
    const db = t.runtime.ctx.db;
    const seen: string[] = [];
    const spied = db.withPlugin({
      transformQuery: ({ node }) => {
        seen.push(node.kind);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    expect((await usersNamed.takeFirst(spied, 'cid', 0))?.id).toBe(ids[2]);
    expect(seen).toEqual(['SelectQueryNode']);
  });
});

describe('reusableListQuery', () => {
  it('answers as an IN list of any length would, padded to a few statements', async () => {
    const db = t.runtime.ctx.db;
    expect(await usersIn.execute(db, [])).toEqual([]);
    expect((await usersIn.execute(db, [ids[1]!])).map((r) => r.id)).toEqual([ids[1]]);
    expect((await usersIn.execute(db, [ids[2]!, ids[0]!, 999_999])).map((r) => r.id)).toEqual([ids[0], ids[2]]);
    // Longer than the longest statement: run in parts, every part's rows answered.
    const many = [...Array.from({ length: 700 }, (_, i) => 1_000_000 + i), ...ids];
    expect((await usersIn.execute(db, many)).map((r) => r.id).sort((x, y) => x - y)).toEqual(ids);
  });
});
