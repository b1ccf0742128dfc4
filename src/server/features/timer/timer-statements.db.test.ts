// Timer start and stop run on every tracked stretch of work: they must not read back what their writes answer
// (docs/performance.md, "Timer start and stop"). Counts the statements each request sends, by kind and table.
import type { OperationNode, RootOperationNode } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createWorld, type World } from '../time-entries/entries.test-helpers.js';

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

/** The statements the app sends while `run` runs, without those of authentication (users, tokens, sessions). */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const ctx = w.t.runtime.ctx;
  const db = ctx.db;
  const seen: string[] = [];
  ctx.db = db.withPlugin({
    transformQuery: ({ node }) => {
      seen.push(describeStatement(node));
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  try {
    await run();
  } finally {
    ctx.db = db;
  }
  return seen.filter((s) => !/ (users|api_tokens|sessions)$/.test(s));
}

it('starts a timer without tags in three statements and stops it in four, answering what they wrote', async () => {
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
  // the running entry, the overlap check of its span, the update, its tags (a running entry is never invoiced)
  expect(stop).toEqual(['select time_entries', 'select time_entries', 'update time_entries', 'select time_entry_tags']);
});

it('reads the stored spellings of tags a timer starts with', async () => {
  await w.alice.post('/timer/start', { project_id: w.internal.id, tags: ['Design'] });
  await w.alice.post('/timer/stop');
  const started = await w.alice.post('/timer/start', { project_id: w.project.id, tags: ['design', 'new'] });
  expect(started.body.timer.tags).toEqual(['Design', 'new']);
});
