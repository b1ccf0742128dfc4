import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { offsetSeconds, zonedParts } from '../../../shared/time-math.js';
import { toApiTime } from '../../http/wire.js';
import { encodeCsv, type CsvField } from './csv-encode.js';
import { csvCells, csvLine, formatRow, hoursMinutes, neutralizeFormula, utcIso, ZonedFormatter } from './export-rows.js';
import type { ExportEntryRow } from './exports.queries.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe('encodeCsv', () => {
  const field: fc.Arbitrary<CsvField> = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '"', '\r', '\n', 'é', '=', "'", '0') }),
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  it('writes exactly what csv-stringify writes, and csv-parse reads the fields back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
        (records, delimiter) => {
          const ours = encodeCsv(records, delimiter);
          expect(ours).toBe(stringify(records, { delimiter, record_delimiter: '\r\n', quote_record_delimiter: true }));
          const back = parse(ours, { delimiter, relax_column_count: true }) as string[][];
          expect(back).toEqual(records.map((r) => r.map((v) => (v === null ? '' : String(v)))));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('csvLine', () => {
  it('builds the same line as encoding the cells of formatRow', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', ',', ';', '\t', '"', '\n', '\r', '=', '+', '-', '@', '＝', "'", 'é'),
    });
    const row: fc.Arbitrary<ExportEntryRow> = fc
      .record({
        id: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        start_time: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
        length: fc.option(fc.integer({ min: 0, max: 40 * 3600 })),
        duration_seconds: fc.option(fc.integer({ min: 0, max: 40 * 3600 })),
        break_seconds: fc.integer({ min: 0, max: 3600 }),
        notes: fc.option(text),
        billable: fc.constantFrom<0 | 1>(0, 1),
        username: text,
        client_name: fc.option(text),
        project_name: text,
        task_name: fc.option(text),
        rate_cents: fc.option(fc.integer({ min: 0, max: 10 ** 7 })),
        tags: fc.array(text, { maxLength: 3 }),
      })
      .map(({ length, ...r }) => ({ ...r, end_time: length === null ? null : r.start_time + length }));
    fc.assert(
      fc.property(
        row,
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC'),
        fc.constantFrom<',' | ';' | '\t'>(',', ';', '\t'),
        (r, tz, d) => {
          const zone = new ZonedFormatter(tz);
          expect(csvLine(r, zone, d, 'EUR')).toBe(encodeCsv([csvCells(formatRow(r, zone, 'EUR'))], d));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('ZonedFormatter and utcIso', () => {
  it('formats like Intl in zones with DST, half-hour and odd historical offsets', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago', 'UTC'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }), { maxLength: 30 }),
        (tz, instants) => {
          const zone = new ZonedFormatter(tz);
          // Around DST changes too: the instants and the seconds next to each hour boundary.
          for (const t of instants.flatMap((i) => [i, i - (i % 3600), i - (i % 3600) - 1])) {
            const p = zonedParts(t, tz);
            const date = `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
            expect(zone.local(t)).toEqual({ date, dateTime: `${date} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` });
            expect(zone.offsetAt(t)).toBe(offsetSeconds(t, tz));
            expect(utcIso(t)).toBe(toApiTime(t));
          }
        },
      ),
    );
  });

  it('agrees with Intl through a whole year of DST changes, every 20 minutes', () => {
    for (const tz of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham']) {
      const zone = new ZonedFormatter(tz);
      for (let t = Date.UTC(2026, 0, 1) / 1000 + 7; t < Date.UTC(2027, 0, 1) / 1000; t += 1200) {
        if (zone.offsetAt(t) !== offsetSeconds(t, tz)) expect([tz, t, zone.offsetAt(t)]).toEqual([tz, t, offsetSeconds(t, tz)]);
      }
    }
  });

  it('formats H:MM and neutralises formula-like text', () => {
    expect(hoursMinutes(5400)).toBe('1:30');
    expect(hoursMinutes(90_059)).toBe('25:00');
    expect(['=1+1', '+49 30', '-x', '@me', '\tx', '＝SUM(A1)', 'plain', "'quoted"].map(neutralizeFormula)).toEqual([
      "'=1+1",
      "'+49 30",
      "'-x",
      "'@me",
      "'\tx",
      "'＝SUM(A1)",
      'plain',
      "'quoted",
    ]);
  });
});
