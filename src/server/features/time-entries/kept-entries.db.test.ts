// The partial indexes of migration 010 (WHERE deleted_at IS NULL) serve the hot reads only because those reads
// repeat the condition (keptEntries). This asks each database for its plan of every hot read. PostgreSQL is
// told not to scan sequentially (its choice on a tiny test table says nothing about a large one); the question
// is only whether the index can be used at all.
import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { isPostgres } from '../../db/dialect.js';
import { personFacts } from '../analytics/analytics.queries.js';
import { longestFinishedEntrySeconds, oldestRunningStart } from '../reports/entry-scan.js';
import { utc } from '../reports/report-world.test-helpers.js';
import { createWorld, type World } from './entries.test-helpers.js';
import { findDeleted, purgeDeletedBefore } from './deleted-entries.queries.js';
import { keptEntries } from './kept-entries.js';
import { findRunningEntry, listEntries, overlapCandidates } from './time-entries.queries.js';
import { entriesOverlapping, weekEntries } from '../timesheet/timesheet.queries.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
  // Many users' entries, so that one user's are a small part of the table, as in a real installation.
  const users = [w.ids.alice, w.ids.bob, w.ids.admin];
  const values = [];
  for (let i = 0; i < 3000; i++) {
    const start = utc(2025, 1, 1) + i * 3600;
    values.push({
      user_id: users[i % 3]!,
      project_id: w.project.id,
      task_id: null,
      start_time: start,
      end_time: start + 600,
      duration_seconds: 600,
      break_seconds: 0,
      paused_at: null,
      notes: null,
      billable: 1 as const,
      source: 'manual' as const,
      created_at: start,
      updated_at: start,
      deleted_at: i % 50 === 0 ? start : null,
    });
  }
  for (let i = 0; i < values.length; i += 500)
    await w.t.runtime.ctx.db
      .insertInto('time_entries')
      .values(values.slice(i, i + 500))
      .execute();
  await sql`analyze`.execute(w.t.runtime.ctx.db);
});
afterAll(async () => {
  await w.t.close();
});

/** The plans of the statements `run` issues (compiled by a spying plugin, then explained), as one text. */
async function planOf(run: (db: Kysely<DB>) => Promise<unknown> | Compilable): Promise<string> {
  const db = w.t.runtime.ctx.db;
  const pg = isPostgres(db as Kysely<unknown>);
  const statements: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      statements.push(db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  const issued = run(spy);
  if (typeof (issued as Compilable).compile === 'function') statements.push((issued as Compilable).compile());
  else await issued;
  return db.connection().execute(async (conn) => {
    if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    try {
      const lines: string[] = [];
      for (const q of statements) {
        const explained = await conn.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(`${pg ? 'explain' : 'explain query plan'} ${q.sql}`, [...q.parameters]),
        );
        lines.push(...explained.rows.map((r) => String(pg ? r['QUERY PLAN'] : r.detail)));
      }
      if (process.env.SHOW_PLANS) console.log(lines.join('\n'));
      return lines.join('\n');
    } finally {
      if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = on'));
    }
  });
}

describe('hot reads of kept entries use the partial indexes', () => {
  const alice = () => w.ids.alice;
  // SQLite takes the (user_id, start_time) index for one user's reads. PostgreSQL weighs it against walking
  // (start_time, id) backwards with a filter (a third of the rows are alice's here); both indexes are partial,
  // so either answer shows that the read may use them.
  const oneUser = () =>
    isPostgres(w.t.runtime.ctx.db as Kysely<unknown>) ? /time_entries_(user_)?start/ : /time_entries_user_start/;
  it('the entries list of one user and of everyone, first and later pages', async () => {
    expect(await planOf((db) => listEntries(db, {}, alice(), 51, undefined))).toMatch(oneUser());
    expect(await planOf((db) => listEntries(db, {}, alice(), 51, [utc(2026, 1, 2), 10]))).toMatch(oneUser());
    expect(await planOf((db) => listEntries(db, {}, 'all', 51, [utc(2026, 1, 2), 10]))).toMatch(/time_entries_start/);
  });

  it('the overlap check, the running timer, report bounds and analytics counts', async () => {
    expect(await planOf((db) => overlapCandidates(db, alice(), utc(2026, 1, 1), utc(2026, 1, 2)))).toMatch(oneUser());
    expect(await planOf((db) => findRunningEntry(db, alice()))).toMatch(/time_entries_one_running_timer/);
    expect(await planOf((db) => oldestRunningStart(db, 'all'))).toMatch(/time_entries_one_running_timer/);
    expect(await planOf((db) => personFacts(db, alice(), utc(2026, 1, 10)))).toMatch(oneUser());
    expect(await planOf((db) => keptEntries(db).select((eb) => eb.fn.min('start_time').as('t')))).toMatch(/time_entries_start/);
  });

  it("the report bounds: a user's longest entry is one seek of the per-user span index, everyone's one seek per user", async () => {
    const pg = isPostgres(w.t.runtime.ctx.db as Kysely<unknown>);
    const noWalk = /Seq Scan on time_entries|SCAN time_entries|TEMP B-TREE|Sort|time_entries_span/;
    const one = await planOf((db) => longestFinishedEntrySeconds(db, alice()));
    expect(one).toMatch(
      pg
        ? /Index Scan Backward using time_entries_user_span on time_entries .*\n\s+Index Cond: \(user_id = /
        : /^SEARCH time_entries USING INDEX time_entries_user_span \(user_id=\?\)$/m,
    );
    expect(one).not.toMatch(noWalk);
    // Every user (SQLite may walk any index of users that holds them all), then one seek each.
    const all = await planOf((db) => longestFinishedEntrySeconds(db, 'all'));
    expect(all).toMatch(
      pg
        ? /Index Scan Backward using time_entries_user_span on time_entries .*\n\s+Index Cond: \(user_id = users\.id\)/
        : /^(SCAN|SEARCH) users\b.*\nCORRELATED SCALAR SUBQUERY \d+\nSEARCH time_entries USING INDEX time_entries_user_span \(user_id=\?\)$/m,
    );
    expect(all).not.toMatch(noWalk);
    expect(await planOf((db) => oldestRunningStart(db, alice()))).toMatch(/time_entries_one_running_timer/);
  });

  it('the timesheet: a week, and the entries around one day (never the whole history)', async () => {
    expect(await planOf((db) => weekEntries(db, alice(), utc(2026, 1, 5), utc(2026, 1, 12)))).toMatch(oneUser());
    const day = await planOf((db) => entriesOverlapping(db, alice(), utc(2026, 1, 5), utc(2026, 1, 6)));
    expect(day).toMatch(oneUser());
    expect(day).toMatch(/time_entries_one_running_timer/);
    expect(day).not.toMatch(/^SCAN time_entries$|Seq Scan on time_entries/m);
  });

  it('the purge reads only the index of deleted entries; restore reads by primary key', async () => {
    expect(await planOf((db) => purgeDeletedBefore(db, 0))).toMatch(/time_entries_deleted_at/);
    expect(await planOf((db) => findDeleted(db, [1, 2], false))).toMatch(/time_entries_pkey|INTEGER PRIMARY KEY|primary key/i);
  });
});
