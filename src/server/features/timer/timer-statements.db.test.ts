// Timer start and stop run on every tracked stretch of work: they must not read back what their writes answer
// (docs/performance.md, "Timer start and stop"). Counts the statements each request sends, by kind and table.
import { CompiledQuery, sql, type Kysely, type OperationNode, type RootOperationNode } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorld, type World } from '../time-entries/entries.test-helpers.js';
import { overlapCandidates, overlapLookup } from '../time-entries/time-entries.queries.js';
import { isPostgres } from '../../db/dialect.js';
import { nowSeconds } from '../../lib/clock.js';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.t.close();
});

function tableName(node: OperationNode | undefined): string {
  if (!node) return '?';
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return '?';
}

function describeStatement(node: RootOperationNode): string {
  switch (node.kind) {
    case 'SelectQueryNode':
      return `select ${tableName(node.from?.froms[0])}`;
    case 'InsertQueryNode':
      return `insert ${tableName(node.into)}`;
    case 'UpdateQueryNode':
      return `update ${tableName(node.table)}`;
    case 'DeleteQueryNode':
      return `delete ${tableName(node.from.froms[0])}`;
    default:
      return node.kind;
  }
}

/** The statements the app sends while `run` runs, without those of authentication (users, tokens, sessions, pragma). */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const ctx = w.t.runtime.ctx;
  const db = ctx.db;
  const seen: string[] = [];
  // A plugin also sees the builders nested in a statement (subqueries, union members); only executed statements
  // reach transformResult.
  const described = new WeakMap<object, string>();
  ctx.db = db.withPlugin({
    transformQuery: ({ node, queryId }) => {
      described.set(queryId, describeStatement(node));
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      // The one statement no builder makes: authentication's `pragma data_version` (SQLite).
      seen.push(described.get(queryId) ?? 'pragma');
      return result;
    },
  });
  try {
    await run();
  } finally {
    ctx.db = db;
  }
  return seen.filter((s) => !/ (users|api_tokens|sessions)$|^pragma$/.test(s));
}

it('starts a timer without tags in three statements and stops it in three (four with tags), answering what they wrote', async () => {
  const start = await statementsOf(async () =>
    expect((await w.alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201),
  );
  // the project, one read for both refusals (a running timer, an entry around now), the insert answering its row
  expect(start).toEqual(['select projects', 'select time_entries', 'insert time_entries']);

  const stop = await statementsOf(async () => {
    const stopped = await w.alice.post('/timer/stop');
    expect(stopped.status).toBe(200);
    expect(stopped.body.time_entry).toMatchObject({ client_id: w.clientId, invoice_number: null, tags: [] });
  });
  // the running entry (and whether it has tags: it has none), the overlap check of its span, the update; a running
  // entry is never invoiced
  expect(stop).toEqual(['select time_entries', 'select time_entries', 'update time_entries']);

  await w.alice.post('/timer/start', { project_id: w.project.id, tags: ['b', 'A'] });
  const tagged = await statementsOf(async () => expect((await w.alice.post('/timer/stop')).body.time_entry.tags).toEqual(['A', 'b']));
  expect(tagged).toEqual(['select time_entries', 'select time_entries', 'update time_entries', 'select time_entry_tags']);
});

it('reads the stored spellings of tags a timer starts with', async () => {
  await w.alice.post('/timer/start', { project_id: w.internal.id, tags: ['Design'] });
  await w.alice.post('/timer/stop');
  const started = await w.alice.post('/timer/start', { project_id: w.project.id, tags: ['design', 'new'] });
  expect(started.body.timer.tags).toEqual(['Design', 'new']);
});

it("reads the overlap candidates of a span as an index range bounded by the user's longest entry, not the whole history", async () => {
  const db = w.t.runtime.ctx.db;
  const pg = isPostgres(db as Kysely<unknown>);
  const now = nowSeconds();
  // A history of 300 finished half-hour entries, the oldest ~150 h back, and a running timer.
  await db
    .insertInto('time_entries')
    .values(
      Array.from({ length: 300 }, (_, i) => ({
        user_id: w.ids.alice,
        project_id: w.project.id,
        start_time: now - 3600 * (i + 2),
        end_time: now - 3600 * (i + 2) + 1800,
        duration_seconds: 1800,
        break_seconds: 0,
        billable: 1 as const,
        source: 'manual' as const,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  expect((await w.alice.post('/timer/start', { project_id: w.project.id })).status).toBe(201);

  // A span around 10 h ago: only the entries that can reach into it, and the running timer.
  const from = now - 36_000 - 900;
  const rows = await overlapCandidates(db, w.ids.alice, from, from + 1800);
  expect(rows.map((r) => [r.start_time, r.end_time])).toEqual([[now - 36_000, now - 34_200]]);
  // Around now: the entry that ended an hour and a half ago is out of reach, the running timer is in.
  const aroundNow = await overlapCandidates(db, w.ids.alice, now - 60, now + 60);
  expect(aroundNow.map((r) => r.end_time)).toEqual([null]);

  const compiled = overlapLookup.compile(db, w.ids.alice, from, from + 1800);
  const plan = await db.connection().execute(async (conn) => {
    if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    const explained = await conn.executeQuery<Record<string, unknown>>(
      CompiledQuery.raw(`${pg ? 'explain' : 'explain query plan'} ${compiled.sql}`, [...compiled.parameters]),
    );
    if (pg) await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = on'));
    return explained.rows.map((r) => String(pg ? r['QUERY PLAN'] : r.detail)).join('\n');
  });
  // Both ends of start_time bound the index range: SQLite names them; PostgreSQL's index condition holds both
  // (which index it takes depends on its statistics). The longest length is the user's own (migration 014): one
  // seek of the per-user span index with the user bound, read from its high end without a sort.
  if (pg) expect(plan).toMatch(/Index Cond: .*start_time >= .*start_time < /);
  else
    expect(plan).toMatch(
      /SEARCH time_entries USING INDEX time_entries_user_start \(user_id=\? AND start_time>\? AND start_time<\?\)/,
    );
  expect(plan).toMatch(
    pg
      ? /Limit .*\n\s+-> {2}Index Scan Backward using time_entries_user_span on time_entries \S+ .*\n\s+Index Cond: \(user_id = \d+\)/
      : /SCALAR SUBQUERY \d+\nSEARCH time_entries USING INDEX time_entries_user_span \(user_id=\?\)/,
  );
  // The running timer: the user's row of the partial index of running timers, not a walk of the user's history.
  expect(plan).toMatch(
    pg
      ? /Index Scan using time_entries_one_running_timer on time_entries \S+ .*\n\s+Index Cond: \(user_id = \d+\)/
      : /^SEARCH time_entries USING INDEX time_entries_one_running_timer \(user_id=\?\)$/m,
  );
  expect(plan).not.toMatch(/Seq Scan on time_entries|SCAN time_entries|TEMP B-TREE|time_entries_span/);
  if (!pg) expect(await tableColumnsReadBehind('time_entries_user_start', compiled)).toEqual([]);
});

/**
 * SQLite: the columns `query` reads from the table behind its range of `index` (the index's deferred seek).
 * Migration 015 put end_time into time_entries_user_start, so the overlap read filters the range on the index
 * alone, with no seek into the table per entry; without it the answer is [end_time's column number].
 */
async function tableColumnsReadBehind(index: string, query: CompiledQuery): Promise<number[]> {
  const db = w.t.runtime.ctx.db;
  const { rows: roots } = await sql<{ rootpage: number }>`select rootpage from sqlite_master where name = ${index}`.execute(db);
  const { rows: program } = await db.executeQuery<{ opcode: string; p1: number; p2: number; p3: number }>(
    CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
  );
  const indexCursor = program.find((op) => op.opcode === 'OpenRead' && op.p2 === roots[0]?.rootpage)?.p1;
  expect(indexCursor).toBeDefined();
  const seek = program.find((op) => op.opcode === 'DeferredSeek' && op.p1 === indexCursor);
  if (!seek) return program.some((op) => op.opcode === 'SeekRowid' || op.opcode === 'NotExists') ? [-1] : [];
  return program.filter((op) => op.opcode === 'Column' && op.p1 === seek.p3).map((op) => op.p2);
}

it('reads an untagged running timer in one statement and a tagged one in two, answering the same timer', async () => {
  expect(await statementsOf(async () => expect((await w.alice.get('/timer')).body.timer).toBeNull())).toEqual([
    'select time_entries',
  ]);
  await w.alice.post('/timer/start', { project_id: w.project.id });
  const untagged = await statementsOf(async () => expect((await w.alice.get('/timer')).body.timer.tags).toEqual([]));
  expect(untagged).toEqual(['select time_entries']);

  expect((await w.alice.patch('/timer', { tags: ['b', 'A'] })).status).toBe(200);
  const tagged = await statementsOf(async () => expect((await w.alice.get('/timer')).body.timer.tags).toEqual(['A', 'b']));
  expect(tagged).toEqual(['select time_entries', 'select time_entry_tags']);

  expect((await w.alice.patch('/timer', { tags: [] })).status).toBe(200);
  expect((await w.alice.get('/timer')).body.timer.tags).toEqual([]);
});
