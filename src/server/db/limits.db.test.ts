// LIMITs written so that SQLite reuses its compiled statement (limits.ts): the same rows on both databases as a
// plain LIMIT, a constant in the SQL text, a per-run value bound as an expression.
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { latestDatabasePerTest } from './migrations/migration.test-helpers.js';
import { boundLimit, fixedLimit } from './limits.js';

describe('fixedLimit and boundLimit', () => {
  const latestDatabase = latestDatabasePerTest();
  const numbers = (db: Kysely<any>) =>
    db.selectFrom(sql<{ n: number }>`(select 1 as n union all select 2 union all select 3)`.as('t')).select('t.n').orderBy('t.n');

  it('limit the rows as a plain LIMIT does, with the constant in the text and the bound value as `? + 0`', async () => {
    const db = await latestDatabase();
    for (const rows of [0, 1, 2, 5]) {
      const fixed = numbers(db).limit(fixedLimit(rows));
      const bound = numbers(db).limit(boundLimit(rows));
      const expected = [1, 2, 3].slice(0, rows);
      expect((await fixed.execute()).map((r) => Number(r.n))).toEqual(expected);
      expect((await bound.execute()).map((r) => Number(r.n))).toEqual(expected);
      expect(fixed.compile().sql).toMatch(new RegExp(`limit ${rows}$`));
      expect(fixed.compile().parameters).toEqual([]);
      expect(bound.compile().sql).toMatch(/limit (\?|\$1) \+ 0$/);
      expect(bound.compile().parameters).toEqual([rows]);
    }
  });

  it('refuses a constant that is no row count, rather than writing it into SQL', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fixedLimit(bad)).toThrow(RangeError);
  });
});
