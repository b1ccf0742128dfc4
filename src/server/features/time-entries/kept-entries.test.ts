// Deleted entries must appear nowhere, so every read of `time_entries` starts from keptEntries() (or states
// the deleted_at condition itself within the statement). This test fails on a new read that forgets it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../../', import.meta.url));
/** Files that may read marked rows on purpose; each says why. */
const ALLOWED = new Set([
  'features/time-entries/kept-entries.ts',
  'features/time-entries/deleted-entries.queries.ts',
  'features/reports/entry-scan.ts', // the longest entry only bounds a range; deleted ones merely widen it
]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'migrations' ? [] : sources(full);
    return /\.ts$/.test(d.name) && !/\.test(-helpers)?\.ts$|test-helpers\.ts$/.test(d.name) ? [full] : [];
  });
}

describe('reads of time_entries', () => {
  it('skip deleted entries everywhere but restore and purge', () => {
    const offenders: string[] = [];
    for (const file of sources(SERVER)) {
      const rel = path.relative(SERVER, file).split(path.sep).join('/');
      if (ALLOWED.has(rel)) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/selectFrom\(\s*\[?\s*'time_entries'|\bfrom\s+time_entries\b/g)) {
        const statement = text.slice(m.index, m.index + 400);
        if (!/deleted_at|notDeleted/.test(statement)) offenders.push(`${rel}: ${statement.slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
