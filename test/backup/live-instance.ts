// Shared by the backup-and-restore tests of both databases: an instance that keeps writing (timer round trips,
// entries, issued invoices) while a backup runs, and the checks that a server started on the restored copy finds
// one consistent point in time: every user, entry and session, and an invoice number sequence that continues.
import { expect } from 'vitest';
import type { Runtime } from '../../src/server/runtime.js';
import { ApiClient, sessionCookieOf, TEST_PASSWORD, type ApiResponse } from '../harness.js';
import { createInvoiceWorld, type InvoiceWorld } from '../../src/server/features/invoices/invoices.test-helpers.js';

const ok = <T = any>(res: ApiResponse<T>, status = 201): T => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
};

/** What the writer had done when the backup started and when it ended. */
interface WriteLog {
  /** Notes of Bob's entries, in the order they were created; `done` counts the ones answered so far. */
  entries: { done: number; atStart: number; atEnd: number };
  invoices: { atStart: number; atEnd: number };
}

export interface LiveInstance {
  world: InvoiceWorld;
  /** Runs `backup` while the instance keeps writing; answers once the backup and the last write are done. */
  backupUnderWrites(backup: () => Promise<void>): Promise<WriteLog>;
  /** Checks a server started on the restored data against this (still running) original. */
  checkRestored(restored: Runtime, log: WriteLog): Promise<void>;
}

// One past day per round (entries may not lie in the future), so each round's invoice bills that round's entry.
const dayOf = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);

export async function liveInstance(): Promise<LiveInstance> {
  const world = await createInvoiceWorld();
  const { admin, alice, bob, project, clientId } = world;
  // One invoice issued before the backup: its number is the start of the sequence the restore must continue.
  const first = ok(await admin.post('/invoices', { client_id: clientId, from: '2026-01-01', to: '2026-01-31' }));
  ok(await admin.post(`/invoices/${first.id}/issue`), 200);

  const entries = { done: 0, atStart: 0, atEnd: 0 };
  const invoices = { issued: 0, atStart: 0, atEnd: 0 };
  let writing = true;
  let failed: unknown;
  // Each round: a timer round trip (Alice), an entry (Bob, one day each, billable) and every third round an
  // invoice issued for that day. Requests run one after another, so "done" is an exact prefix.
  const writer = async () => {
    for (let i = 0; writing; i++) {
      ok(await alice.post('/timer/start', { project_id: project.id, notes: `round ${i}` }));
      ok(await alice.post('/timer/stop', {}), 200);
      const start = `${dayOf(i)}T09:00:00Z`;
      ok(
        await bob.post('/time-entries', {
          project_id: project.id,
          start_time: start,
          end_time: `${dayOf(i)}T10:30:00Z`,
          notes: `during ${i}`,
        }),
      );
      entries.done = i + 1;
      if (i % 3 === 0) {
        const draft = ok(await admin.post('/invoices', { client_id: clientId, from: dayOf(i), to: dayOf(i) }));
        ok(await admin.post(`/invoices/${draft.id}/issue`), 200);
        invoices.issued++;
      }
    }
  };

  return {
    world,
    async backupUnderWrites(backup) {
      const writing$ = writer().catch((error: unknown) => {
        failed = error;
      });
      const roundsDone = async (n: number) => {
        while (entries.done < n && failed === undefined) await new Promise((r) => setTimeout(r, 20));
      };
      // Let a few rounds land first, so the backup starts in the middle of the traffic.
      await roundsDone(3);
      entries.atStart = entries.done;
      invoices.atStart = invoices.issued;
      try {
        await backup();
      } finally {
        entries.atEnd = entries.done + 1; // the round in flight when the backup ended may be in it
        invoices.atEnd = invoices.issued + 1;
        // A few more rounds after the backup: they must be missing from the restore.
        await roundsDone(entries.done + 2);
        writing = false;
        await writing$;
      }
      if (failed !== undefined) throw failed;
      return { entries: { ...entries }, invoices: { atStart: invoices.atStart, atEnd: invoices.atEnd } };
    },

    async checkRestored(restored, log) {
      const as = (client: ApiClient) => new ApiClient(restored, client.auth);
      // The secret key and the sessions came along: the original's cookies are still signed in.
      expect(restored.ctx.secretKey).toBe(world.t.runtime.ctx.secretKey);
      for (const client of [admin, alice, bob]) expect((await as(client).get('/auth/session')).status).toBe(200);
      // Every user, and their passwords.
      const users = (r: Runtime | ApiClient) => (r instanceof ApiClient ? r : new ApiClient(r, admin.auth)).get('/users');
      expect(ok(await users(as(admin)), 200)).toEqual(ok(await users(admin), 200));
      for (const name of ['alice', 'bob']) {
        const res = await new ApiClient(restored).post('/auth/login', { username: name, password: TEST_PASSWORD });
        expect(res.status).toBe(200);
        sessionCookieOf(res);
      }

      // Bob's entries: those written during the backup are a prefix that ends inside the backup's window, each
      // one whole (identical to the original's row).
      const list = async (client: ApiClient) => {
        const items: Record<string, unknown>[] = [];
        for (let cursor = ''; ;) {
          const page = ok(await client.get(`/time-entries?limit=500${cursor}`), 200);
          items.push(...page.items);
          if (!page.next_cursor) return items.sort((a, b) => (a.id as number) - (b.id as number));
          cursor = `&cursor=${encodeURIComponent(page.next_cursor)}`;
        }
      };
      const original = new Map((await list(bob)).map((e) => [e.id, e]));
      const copy = await list(as(bob));
      const during = copy.filter((e) => String(e.notes).startsWith('during '));
      expect(during.map((e) => e.notes)).toEqual(during.map((_, i) => `during ${i}`));
      expect(during.length).toBeGreaterThanOrEqual(log.entries.atStart);
      expect(during.length).toBeLessThanOrEqual(log.entries.atEnd);
      expect(during.length).toBeLessThan(log.entries.done);
      for (const entry of copy) expect(withoutInvoice(entry)).toEqual(withoutInvoice(original.get(entry.id)!));
      // The world's own entries from before the backup are all there.
      expect(copy.filter((e) => !String(e.notes).startsWith('during ')).length).toBe(
        [...original.values()].filter((e) => !String(e.notes).startsWith('during ')).length,
      );

      // Alice's timer: at most one round is caught running (started, not yet stopped), and only the last one.
      const timer = await list(as(alice));
      const rounds = timer.filter((e) => String(e.notes).startsWith('round '));
      const aliceOriginal = new Map((await list(alice)).map((e) => [e.id, e]));
      rounds.forEach((e, i) => {
        if (e.end_time === null) expect(i).toBe(rounds.length - 1);
        else expect(e).toEqual(aliceOriginal.get(e.id));
      });

      // Invoices: the issued ones are a prefix of the original's, each whole, and an entry is locked exactly when
      // its invoice is in the copy.
      const issued = async (client: ApiClient) =>
        (ok(await client.get('/invoices?status=issued&limit=200'), 200).items as Record<string, any>[]).sort(
          (a, b) => a.id - b.id,
        );
      const before = await issued(admin);
      const after = await issued(as(admin));
      expect(after.length).toBeGreaterThanOrEqual(1 + log.invoices.atStart);
      expect(after.length).toBeLessThanOrEqual(1 + log.invoices.atEnd);
      expect(after.map((inv) => inv.number)).toEqual(before.slice(0, after.length).map((inv) => inv.number));
      for (const inv of after) {
        expect(ok(await as(admin).get(`/invoices/${inv.id}`), 200)).toEqual(ok(await admin.get(`/invoices/${inv.id}`), 200));
      }
      const numbers = new Set(after.map((inv) => inv.number));
      for (const entry of copy) if (entry.invoice_number !== null) expect(numbers.has(entry.invoice_number)).toBe(true);

      // The sequence continues on the restored server: the next number follows the last restored one.
      const last = after[after.length - 1]!.number as string;
      const day = dayOf(1500); // later than any round's
      ok(
        await as(bob).post('/time-entries', {
          project_id: project.id,
          start_time: `${day}T09:00:00Z`,
          end_time: `${day}T10:00:00Z`,
        }),
      );
      const draft = ok(await as(admin).post('/invoices', { client_id: clientId, from: day, to: day }));
      const next = ok(await as(admin).post(`/invoices/${draft.id}/issue`), 200).number as string;
      expect(next).toBe(nextNumber(last));
    },
  };
}

// A round's entry may be in the copy before the invoice that bills it is; everything else about it must match.
function withoutInvoice(entry: Record<string, unknown>): Record<string, unknown> {
  const { invoice_number: _billedBy, ...rest } = entry;
  return rest;
}

/** `2026-0007` → `2026-0008`: the pattern's counter is its last digits. */
function nextNumber(number: string): string {
  const match = /^(.*?)(\d+)$/.exec(number)!;
  return `${match[1]}${String(Number(match[2]) + 1).padStart(match[2]!.length, '0')}`;
}
