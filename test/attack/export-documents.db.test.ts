// Hostile requests against the documents people open: bad option values, another user's data reached through a
// filter, ids that name nothing, ranges beyond ten years, and selections too large to hold as one PDF. Each is
// a clear 4xx in the API's error shape, or a document that holds only the caller's own entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createProject,
  createReportWorld,
  expectStatus,
  insertEntry,
  iso,
  tokenFor,
  utc,
  type ReportWorld,
} from '../../src/server/features/reports/report-world.test-helpers.js';
import { ENTRIES_PDF_MAX_ROWS } from '../../src/server/features/exports/pdf-exports.js';
import { pdfText } from '../../src/server/features/exports/pdf.test-helpers.js';
import type { ApiResponse } from '../harness.js';

const JUNE = `from=${iso(utc(2026, 6, 1))}&to=${iso(utc(2026, 7, 1))}`;

function expectError(res: ApiResponse, status: number, code: string): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
  return res.body.error;
}

describe('document exports under attack', () => {
  let w: ReportWorld;
  let secret: number;

  beforeAll(async () => {
    w = await createReportWorld();
    // A project only Alice works on, with notes Bob must never see.
    secret = await createProject(w.admin, 'Acquisition Falcon', { hourly_rate: '250.00' });
    await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: secret,
      start: utc(2026, 6, 3, 9),
      end: utc(2026, 6, 3, 17),
      notes: 'alice private negotiation notes',
    });
  });
  afterAll(async () => {
    await w.t.close();
  });

  it.each([
    '/exports/time-entries.csv?headers=fancy',
    '/exports/time-entries.csv?headers=',
    '/exports/time-entries.csv?headers=labels&headers=names',
    '/exports/time-entries.xlsx?headers=%00',
    '/exports/time-entries.csv?bom=maybe',
  ])('answers %s with 400 validation_failed naming the field', async (path) => {
    const error = expectError(await w.bob.get(path), 400, 'validation_failed');
    const field = path.includes('bom=') ? 'bom' : 'headers';
    expect(Object.keys((error.details as { fields: object }).fields)).toContain(field);
  });

  it("prints nothing of another user's entries when the filter names a project only they use", async () => {
    for (const path of [
      `/exports/time-entries.pdf?${JUNE}&project_id=${secret}`,
      `/exports/summary.pdf?${JUNE}&project_id=${secret}&group_by=user`,
    ]) {
      const text = pdfText(expectStatus(await w.bob.get(path), 200).raw.rawPayload);
      expect(text).toContain('User: bob');
      expect(text).not.toMatch(/alice|negotiation|8:00|€2,000\.00/);
    }
    // The CSV with labels likewise: a header row and nothing else.
    const csv = expectStatus(await w.bob.get(`/exports/time-entries.csv?${JUNE}&project_id=${secret}&headers=labels`), 200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1);
  });

  it("refuses another user's id in user_id, and prints an id that names nothing as an id", async () => {
    for (const path of ['/exports/time-entries.pdf', '/exports/summary.pdf']) {
      expectError(await w.bob.get(`${path}?${JUNE}&user_id=${w.ids.alice}`), 403, 'forbidden');
      expectError(await w.bob.get(`${path}?${JUNE}&user_id=all`), 403, 'forbidden');
    }
    const text = pdfText(
      expectStatus(await w.bob.get(`/exports/time-entries.pdf?${JUNE}&project_id=2147483647`), 200).raw.rawPayload,
    );
    expect(text).toContain('Project: #2147483647');
    expectError(await w.bob.get(`/exports/time-entries.pdf?${JUNE}&project_id=2147483648`), 400, 'validation_failed');
    expectError(await w.bob.get(`/exports/time-entries.pdf?${JUNE}&project_id=-1`), 400, 'validation_failed');
  });

  it('refuses ranges over ten years and instants outside 1970–2099, as the other exports do', async () => {
    for (const path of ['/exports/time-entries.pdf', '/exports/summary.pdf']) {
      const error = expectError(
        await w.bob.get(`${path}?from=1980-01-01T00:00:00Z&to=2099-01-01T00:00:00Z`),
        400,
        'validation_failed',
      );
      expect(Object.keys((error.details as { fields: object }).fields).length).toBeGreaterThan(0);
      expectError(await w.bob.get(`${path}?from=0001-01-01T00:00:00Z`), 400, 'validation_failed');
      expectError(await w.bob.get(`${path}?from=2026-07-01T00:00:00Z&to=2026-06-01T00:00:00Z`), 400, 'validation_failed');
    }
  });

  it('needs read:time_entries for the entry PDF, like the CSV', async () => {
    const reports = await tokenFor(w.t, w.ids.bob, ['read:reports']);
    expectError(await reports.get('/exports/time-entries.pdf'), 403, 'forbidden');
    const entries = await tokenFor(w.t, w.ids.bob, ['read:time_entries']);
    expect((await entries.get(`/exports/time-entries.pdf?${JUNE}`)).status).toBe(200);
  });

  it(`refuses an entry PDF of more than ${ENTRIES_PDF_MAX_ROWS} entries before building it`, async () => {
    const { db } = w.t.runtime.ctx;
    const start = utc(2027, 1, 1);
    const rows = Array.from({ length: ENTRIES_PDF_MAX_ROWS + 1 }, (_, i) => ({
      user_id: w.ids.bob,
      project_id: secret,
      task_id: null,
      start_time: start + i * 600,
      end_time: start + i * 600 + 300,
      duration_seconds: 300,
      break_seconds: 0,
      paused_at: null,
      notes: null,
      billable: 1 as const,
      source: 'manual' as const,
      created_at: start,
      updated_at: start,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await db
        .insertInto('time_entries')
        .values(rows.slice(i, i + 500))
        .execute();
    const error = expectError(await w.bob.get(`/exports/time-entries.pdf?from=${iso(start)}`), 400, 'too_many_rows');
    expect(error.message).toMatch(/CSV/);
  });
});
