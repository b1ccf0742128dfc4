// Invoice numbers are gapless and never reused, also when two app processes issue at the same moment on one
// PostgreSQL database: 50 drafts issued all at once through both processes get exactly the numbers 1–50, and
// issues that fail on the way (missing customer data) consume no number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDatabase } from '../harness.js';
import { Http, sharedSecret, startAppProcess, type AppProcess } from './processes.js';

const DRAFTS = 50;
const FAILING = 6;

describe('invoice numbers across two processes', () => {
  let database: { url: string; drop: () => Promise<void> };
  let a: AppProcess;
  let b: AppProcess;

  beforeAll(async () => {
    database = await createPgDatabase();
    const env = { DATABASE_URL: database.url, SECRET_KEY: sharedSecret() };
    [a, b] = await Promise.all([startAppProcess('a', env), startAppProcess('b', env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  }, 30_000);

  it(
    `gives ${DRAFTS} concurrent issues the numbers 1–${DRAFTS}, with no gap and no duplicate`,
    { timeout: 180_000 },
    async () => {
      const admin = await Http.setup(a.url, 'admin', 'correct horse battery');
      const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
        const r = await res;
        expect(r.status, JSON.stringify(r.body)).toBe(status);
        return r.body;
      };
      await ok(
        admin.request('PATCH', '/settings/invoicing', {
          company_name: 'Issuer GmbH',
          address_lines: ['Hauptstraße 5'],
          postal_code: '10115',
          city: 'Berlin',
          country_code: 'DE',
          vat_id: 'DE123456789',
          number_pattern: 'INV-{seq:4}',
        }),
      );
      const complete = await ok(
        admin.post('/clients', {
          name: 'Complete',
          address_lines: ['Weg 1'],
          postal_code: '80331',
          city: 'München',
          country_code: 'DE',
          default_hourly_rate: '80',
        }),
        201,
      );
      const incomplete = await ok(admin.post('/clients', { name: 'No address', default_hourly_rate: '80' }), 201);
      const projects = [
        await ok(admin.post('/projects', { name: 'P1', client_id: complete.id, billable: true }), 201),
        await ok(admin.post('/projects', { name: 'P2', client_id: incomplete.id, billable: true }), 201),
      ];
      const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
      const drafts: { id: number; ok: boolean }[] = [];
      for (let n = 0; n < DRAFTS + FAILING; n++) {
        const failing = n >= DRAFTS;
        const project = projects[failing ? 1 : 0]!;
        await ok(
          admin.post('/time-entries', {
            project_id: project.id,
            start_time: `${day(n)}T09:00:00Z`,
            end_time: `${day(n)}T10:00:00Z`,
          }),
          201,
        );
        const draft = await ok(admin.post('/invoices', { client_id: project.client_id, from: day(n), to: day(n) }), 201);
        drafts.push({ id: draft.id, ok: !failing });
      }

      // Every issue at once, alternating between the processes, the failing ones mixed in.
      const order = [...drafts].sort((x, y) => ((x.id * 7919) % 101) - ((y.id * 7919) % 101));
      const answers = await Promise.all(order.map((d, i) => admin.on(i % 2 ? b.url : a.url).post(`/invoices/${d.id}/issue`)));
      const byDraft = new Map(order.map((d, i) => [d.id, answers[i]!]));
      for (const d of drafts) {
        const answer = byDraft.get(d.id)!;
        if (d.ok) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        else expect(answer.body.error.code).toBe('invoice_incomplete');
      }
      const numbers = drafts.filter((d) => d.ok).map((d) => byDraft.get(d.id)!.body.number as string);
      expect([...numbers].sort()).toEqual(Array.from({ length: DRAFTS }, (_, i) => `INV-${String(i + 1).padStart(4, '0')}`));

      // What the database holds agrees, and the next issue continues the sequence.
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      try {
        const stored = await db.query<{ n: string; max: number }>(
          "select count(distinct number) as n, max(sequence_value) as max from invoices where status = 'issued'",
        );
        expect(stored.rows[0]).toEqual({ n: DRAFTS, max: DRAFTS });
        const counter = await db.query('select last_value from invoice_sequences');
        expect(counter.rows).toEqual([{ last_value: DRAFTS }]);
      } finally {
        await db.end();
      }
      await ok(
        admin.request('PATCH', `/clients/${incomplete.id}`, {
          address_lines: ['Gasse 2'],
          postal_code: '50667',
          city: 'Köln',
          country_code: 'DE',
        }),
      );
      const late = await ok(admin.on(b.url).post(`/invoices/${drafts[DRAFTS]!.id}/issue`));
      expect(late.number).toBe(`INV-${String(DRAFTS + 1).padStart(4, '0')}`);
    },
  );
});
