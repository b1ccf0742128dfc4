// Exports people open: the CSV with a BOM and headers in the user's language, XLSX numbers and durations that
// sum, and both PDFs in the user's language with the filters in words, formatted money and page numbers.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedTimeToEpoch } from '../../../shared/time-math.js';
import {
  createClient,
  createProject,
  createReportWorld,
  createTask,
  expectStatus,
  insertEntry,
  iso,
  type ReportWorld,
} from '../reports/report-world.test-helpers.js';
import { DOCUMENT_CATALOGUES } from './document-messages.js';
import { EXPORT_COLUMNS } from './export-rows.js';
import { pdfText } from './pdf.test-helpers.js';
import { signalUserChanged } from '../live/credentials-signal.js';

const BERLIN = 'Europe/Berlin';
const berlin = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedTimeToEpoch(y, mo, d, h, mi, 0, BERLIN);
const MARCH = `from=${iso(berlin(2025, 3, 1))}&to=${iso(berlin(2025, 4, 1))}`;
/** pdftotext's spaces: ICU puts no-break spaces in money and dates; compare with plain ones. */
/**
 * A time cell's value in days. The file holds a number (a fraction of a day); exceljs reads cells with a time
 * format back as a Date counted from Excel's day zero, 1899-12-30.
 */
const excelDays = (value: unknown): number =>
  value instanceof Date ? (value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 : (value as number);
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('exports in the user language', () => {
  let w: ReportWorld;
  let mueller: number;
  let website: number;
  let design: number;

  beforeAll(async () => {
    w = await createReportWorld();
    mueller = await createClient(w.admin, 'Müller GmbH');
    website = await createProject(w.admin, 'Website', { client_id: mueller, hourly_rate: '1234.50' });
    const internal = await createProject(w.admin, 'Intern', { billable: false });
    design = await createTask(w.admin, website, 'Gestaltung');
    const db = w.t.runtime.ctx.db;
    await db.updateTable('users').set({ language: 'de-DE', timezone: BERLIN }).where('id', '=', w.ids.alice).execute();
    // One billable hour on Website (1.234,50 €), then 40 short entries so the entry PDF needs several pages.
    await insertEntry(w.t, {
      user_id: w.ids.alice,
      project_id: website,
      task_id: design,
      start: berlin(2025, 3, 3, 9),
      end: berlin(2025, 3, 3, 10),
      notes: 'Startseite überarbeitet',
      tags: ['Kunde'],
    });
    for (let i = 0; i < 40; i++) {
      const start = berlin(2025, 3, 4 + (i % 20), 12 + Math.floor(i / 20));
      await insertEntry(w.t, {
        user_id: w.ids.alice,
        project_id: internal,
        start,
        end: start + 1800,
        billable: false,
        notes: `Intern ${i}`,
      });
    }
    // Bob's entry on the same project: never in Alice's documents.
    await insertEntry(w.t, {
      user_id: w.ids.bob,
      project_id: website,
      start: berlin(2025, 3, 5, 9),
      end: berlin(2025, 3, 5, 11),
      notes: 'Bobs geheime Notiz',
    });
  });
  afterAll(async () => {
    await w.t.close();
  });

  it('writes a CSV with a UTF-8 BOM, German column labels and a currency column', async () => {
    const res = expectStatus(await w.alice.get(`/exports/time-entries.csv?${MARCH}&bom=true&headers=labels`), 200);
    expect(res.raw.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parse(res.body, { bom: true }) as string[][];
    expect(header).toEqual(EXPORT_COLUMNS.map((c) => DOCUMENT_CATALOGUES.de[`column.${c}`]));
    expect(header).toContain('Währung');
    expect(header!.slice(0, 4)).toEqual(['ID', 'Datum', 'Beginn', 'Ende']);
    const website = rows.find((r) => r[11] === 'Website')!;
    expect(website.slice(-3)).toEqual(['1234.50', '1234.50', 'EUR']);
    expect(rows).toHaveLength(41);

    // Without the options: machine names and no BOM, as before.
    const names = expectStatus(await w.alice.get(`/exports/time-entries.csv?${MARCH}`), 200);
    expect(names.raw.rawPayload.subarray(0, 3).toString()).toBe('id,');
    expect(names.body.split('\r\n')[0]).toBe(EXPORT_COLUMNS.join(','));
    // The same rows either way.
    expect((parse(names.body) as string[][]).slice(1)).toEqual(rows);
  });

  it('writes XLSX numbers that sum, durations as [h]:mm times and a totals row', async () => {
    const res = expectStatus(await w.alice.get(`/exports/time-entries.xlsx?${MARCH}&headers=labels`), 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Zeiteinträge')!;
    const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name) + 1;
    expect(sheet.getRow(1).getCell(col('duration')).value).toBe('Dauer');
    const last = sheet.rowCount;
    const data = Array.from({ length: last - 2 }, (_, i) => sheet.getRow(i + 2));
    expect(data).toHaveLength(41);
    const durations = data.map((r) => r.getCell(col('duration')));
    expect(durations.every((c) => c.numFmt === '[h]:mm')).toBe(true);
    const seconds = data.reduce((s, r) => s + (r.getCell(col('duration_seconds')).value as number), 0);
    expect(seconds).toBe(3600 + 40 * 1800);
    expect(durations.reduce((s, c) => s + excelDays(c.value), 0) * 86_400).toBeCloseTo(seconds, 6);
    const amount = data.find((r) => r.getCell(col('amount')).value !== null)!.getCell(col('amount'));
    expect(amount.value).toBe(1234.5);
    expect(amount.numFmt).toBe('#,##0.00');

    const totals = sheet.getRow(last);
    expect(totals.getCell(1).value).toBe('Summe');
    const result = (name: (typeof EXPORT_COLUMNS)[number]) => {
      const value = totals.getCell(col(name)).value as { formula: string; result: number };
      expect(value.formula).toMatch(/^SUM\([A-S]2:[A-S]42\)$/);
      return value.result as number;
    };
    expect(result('duration_seconds')).toBe(seconds);
    expect(excelDays(result('duration')) * 86_400).toBeCloseTo(seconds, 6);
    expect(result('amount')).toBe(1234.5);
    expect(totals.getCell(col('duration')).numFmt).toBe('[h]:mm');
  });

  it('prints the summary PDF in German: filters in words, German dates, money and page numbers, the total filled in', async () => {
    const res = expectStatus(
      await w.alice.get(`/exports/summary.pdf?${MARCH}&group_by=project&client_id=${mueller}&billable=true&q=seite`),
      200,
    );
    const text = plain(pdfText(res.raw.rawPayload));
    expect(text).toContain('Zeitübersicht');
    expect(text).toContain('Zeitraum: 01.03.2025 – 31.03.2025 (Europe/Berlin)');
    expect(text).toContain('Benutzer: alice');
    expect(text).toContain('Kunde: Müller GmbH');
    expect(text).toContain('Nur abrechenbare Einträge');
    expect(text).toContain('Notizen enthalten: „seite“');
    expect(text).toContain('Gruppiert nach: Projekt');
    expect(text).toContain('Seite 1 von 1');
    expect(text).not.toMatch(/Filters|client_id|billable|Period|Page /);
    const table = plain(pdfText(res.raw.rawPayload, { layout: true }));
    expect(table).toMatch(/Website +1:00 +1:00 +1\.234,50 € +1/);
    expect(table).toMatch(/Summe +1:00 +1:00 +1\.234,50 € +1/);
    expect(text).not.toContain('Bobs');
  });

  it('prints the entry-detail PDF in German with every entry, totals and page numbers', async () => {
    const res = expectStatus(await w.alice.get(`/exports/time-entries.pdf?${MARCH}&project_id=${website}`), 200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="timetracker-entries-2025-03-01_2025-03-31.pdf"');
    const table = plain(pdfText(res.raw.rawPayload, { layout: true }));
    expect(table).toContain('Zeiteinträge');
    expect(table).toContain('Projekt: Website');
    expect(table).toMatch(/Datum +Beginn–Ende +Dauer +Projekt +Aufgabe +Notizen +Schlagwörter +Abrechenbar +Betrag/);
    expect(table).toMatch(
      /03\.03\.2025 +09:00–10:00 +1:00 +Website +Gestaltung +Startseite überarbeitet +Kunde +ja +1\.234,50 €/,
    );
    expect(table).toMatch(/Summe +1:00 +1\.234,50 €/);
    expect(table).toContain('Abrechenbare Zeit: 1:00');
    expect(table).toContain('Einträge: 1');
    expect(table).toContain('Seite 1 von 1');
    expect(table).not.toContain('Bobs');

    // All of March: 41 entries run over pages, each numbered.
    const all = plain(pdfText(expectStatus(await w.alice.get(`/exports/time-entries.pdf?${MARCH}`), 200).raw.rawPayload));
    const pages = Number(/Seite 1 von (\d+)/.exec(all)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(all).toContain(`Seite ${pages} von ${pages}`);
    for (let i = 0; i < 40; i++) expect(all).toContain(`Intern ${i}`);
    expect(all).toContain('Einträge: 41');
    // 1 h + 40 × 30 min, without Bob's two hours.
    expect(
      plain(pdfText(expectStatus(await w.alice.get(`/exports/time-entries.pdf?${MARCH}`), 200).raw.rawPayload, { layout: true })),
    ).toMatch(/Summe +21:00 +1\.234,50 €/);
  });

  it('follows the requesting user: an English admin exporting everyone gets English and a user column', async () => {
    const res = expectStatus(await w.admin.get(`/exports/time-entries.pdf?${MARCH}&user_id=all&project_id=${website}`), 200);
    const table = plain(pdfText(res.raw.rawPayload, { layout: true }));
    expect(table).toContain('User: All users');
    expect(table).toMatch(/Date +Start–end +Duration +User +Project/);
    expect(table).toContain('Bobs geheime');
    expect(table).toContain('€1,234.50');
    expect(table).toContain('Page 1 of 1');
  });

  it('writes 12-hour times for users who prefer them', async () => {
    await w.t.runtime.ctx.db.updateTable('users').set({ time_format: '12h' }).where('id', '=', w.ids.alice).execute();
    // Written past the service: the cached principals hear of it as they would from the CLI.
    await signalUserChanged(w.t.runtime.ctx, w.ids.alice);
    try {
      const res = expectStatus(await w.alice.get(`/exports/time-entries.pdf?${MARCH}&project_id=${website}`), 200);
      expect(plain(pdfText(res.raw.rawPayload, { layout: true }))).toMatch(/9:00 AM–10:00 AM/);
    } finally {
      await w.t.runtime.ctx.db.updateTable('users').set({ time_format: '24h' }).where('id', '=', w.ids.alice).execute();
      await signalUserChanged(w.t.runtime.ctx, w.ids.alice);
    }
  });
});
