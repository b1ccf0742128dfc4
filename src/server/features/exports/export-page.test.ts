import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Col, pageEnd, pageQueryAfter, toColumns, type PageRow } from './export-page.js';

/** The modules a file loads at run time (type-only imports left out), following relative imports. */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  const source = fs.readFileSync(file, 'utf8');
  for (const match of source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)) {
    if (match[1]) continue;
    const target = match[2]!;
    if (!target.startsWith('.')) {
      seen.add(target);
      continue;
    }
    const resolved = path.resolve(path.dirname(file), target.replace(/\.js$/, '.ts'));
    if (seen.has(resolved)) continue;
    seen.add(resolved);
    runtimeImports(resolved, seen);
  }
  for (const match of source.matchAll(/await import\('([^']+)'\)/g)) seen.add(`${match[1]} (on demand)`);
  return seen;
}

describe('the export reader thread', () => {
  it('loads the bulk reader and export-page.ts only: no query builder, no migrations, pg only on demand', () => {
    const worker = fileURLToPath(new URL('./page-reader.worker.ts', import.meta.url));
    const loaded = [...runtimeImports(worker)].map((m) => (m.startsWith('/') ? path.relative(path.dirname(worker), m) : m));
    expect(loaded.sort()).toEqual(
      [
        'better-sqlite3',
        'export-page.ts',
        'node:worker_threads',
        'pg (on demand)',
        path.join('..', '..', 'db', 'bulk-reader.ts'),
        path.join('..', '..', 'db', 'statement-cache.ts'),
      ].sort(),
    );
  });
});

describe('export pages', () => {
  const row = fc.tuple(
    fc.integer({ min: 1, max: 1e6 }),
    fc.integer({ min: 1, max: 1e4 }),
    fc.integer({ min: 1, max: 1e4 }),
    fc.option(fc.integer({ min: 1, max: 1e4 })),
    fc.integer({ min: 0, max: 4e9 }),
    fc.option(fc.integer({ min: 0, max: 4e9 })),
    fc.option(fc.integer({ min: 0, max: 1e6 })),
    fc.integer({ min: 0, max: 1e5 }),
    fc.option(fc.string()),
    fc.constantFrom(0 as const, 1 as const),
    fc.option(fc.integer({ min: 1, max: 1e5 })),
  ) as fc.Arbitrary<PageRow>;

  it('keep every value of every row in columns (null as NaN)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const page = toColumns(rows);
        expect(page.rows).toBe(rows.length);
        const back = rows.map((_, i): PageRow => {
          const n = (c: Col) => page.numbers[i * Col.Count + c]!;
          const orNull = (v: number) => (Number.isNaN(v) ? null : v);
          return [
            n(Col.Id),
            n(Col.User),
            n(Col.Project),
            orNull(n(Col.Task)),
            n(Col.Start),
            orNull(n(Col.End)),
            orNull(n(Col.Duration)),
            n(Col.Break),
            page.notes[i]!,
            n(Col.Billable) as 0 | 1,
            orNull(n(Col.Tag)),
          ];
        });
        expect(back).toEqual(rows);
      }),
    );
  });

  it('end at the keyset of their last entry, full when they hold `size` entries (rows of one entry count once)', () => {
    const entry = (id: number, start: number, tag: number | null): PageRow => [
      id,
      1,
      1,
      null,
      start,
      null,
      null,
      0,
      null,
      1,
      tag,
    ];
    const page = toColumns([entry(9, 500, 1), entry(9, 500, 2), entry(8, 400, null), entry(7, 400, 3)]);
    expect(pageEnd(page, 3)).toEqual({ last: [400, 7], full: true });
    expect(pageEnd(page, 4)).toEqual({ last: [400, 7], full: false });
    expect(pageEnd(toColumns([]), 3)).toEqual({ full: false });
  });

  it('fill the keyset into the compiled query per page, leaving the query itself as it was', () => {
    const query = {
      sql: 'select … where (start_time, id) < (?, ?) limit ?',
      parameters: [7, -0.25, -0.75, 5000],
      keyset: [1, 2] as [number, number],
    };
    expect(pageQueryAfter(query, [1_700_000_000, 42])).toEqual({ sql: query.sql, parameters: [7, 1_700_000_000, 42, 5000] });
    expect(query.parameters).toEqual([7, -0.25, -0.75, 5000]);
  });
});
