import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, createWorld, type World } from './entries.test-helpers.js';
import { ensureTags, setEntryTags, tagsForEntries } from './tags.queries.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.t.close();
});

describe('tag queries', () => {
  it('ensureTags creates each tag once per user, case-insensitively, also under concurrent callers', async () => {
    const db = w.t.runtime.ctx.db;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => ensureTags(db, w.ids.alice, [i % 2 ? 'Deploy' : 'deploy', ' Ops', 'OPS', '  '])),
    );
    const [first] = results;
    expect([...(first?.keys() ?? [])].sort()).toEqual(['deploy', 'ops']);
    for (const r of results) expect(r).toEqual(first);
    const rows = await db
      .selectFrom('tags')
      .select(['name', 'name_lower'])
      .where('user_id', '=', w.ids.alice)
      .orderBy('name_lower')
      .execute();
    expect(rows.map((r) => r.name_lower)).toEqual(['deploy', 'ops']);
    expect(rows[1]?.name).toBe('Ops'); // trimmed, first spelling

    // another user's tag of the same name is a different tag
    const bobs = await ensureTags(db, w.ids.bob, ['DEPLOY']);
    expect(bobs.get('deploy')).not.toBe(first?.get('deploy'));

    // more names than one statement binds
    const many = Array.from({ length: 1200 }, (_, i) => `tag-${i}`);
    const ids = await ensureTags(db, w.ids.alice, [...many, 'deploy']);
    expect(ids.size).toBe(1201);
    expect(ids.get('deploy')).toBe(first?.get('deploy'));
    expect(new Set(ids.values()).size).toBe(1201);
  });

  it('setEntryTags replaces the links and tagsForEntries answers sorted names, [] for untagged entries', async () => {
    const db = w.t.runtime.ctx.db;
    const make = async (hour: number) =>
      (await w.alice.post('/time-entries', { project_id: w.project.id, start_time: at(hour), duration_seconds: 60 })).body
        .id as number;
    const [a, b] = [await make(9), await make(10)];
    const tags = await ensureTags(db, w.ids.alice, ['zeta', 'Alpha', 'beta']);
    await setEntryTags(db, a, [...tags.values(), ...tags.values()]); // duplicates are ignored
    expect((await tagsForEntries(db, [a, b])).get(a)).toEqual(['Alpha', 'beta', 'zeta']);
    await setEntryTags(db, a, [tags.get('beta') as number]);
    const after = await tagsForEntries(db, [a, b, a]);
    expect(after.get(a)).toEqual(['beta']);
    expect(after.get(b)).toEqual([]);
    await setEntryTags(db, a, []);
    expect((await tagsForEntries(db, [a])).get(a)).toEqual([]);
  });
});
