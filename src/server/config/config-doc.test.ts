import { describe, expect, it } from 'vitest';
import { renderConfigurationDoc } from './config-doc.js';
import { VARIABLES } from './config.js';

const rowOf = (doc: string, name: string) => doc.split('\n').filter((line) => line.startsWith(`| \`${name}\``));

describe('renderConfigurationDoc', () => {
  const doc = renderConfigurationDoc();

  it('documents every variable in exactly one table row, with what it accepts and its default', () => {
    for (const [name, spec] of Object.entries(VARIABLES)) {
      const rows = rowOf(doc, name);
      expect(rows, name).toHaveLength(1);
      expect(rows[0]).toContain(spec.accepts);
      expect(rows[0]).toContain('default' in spec ? `| \`${spec.default}\` |` : '| unset |');
    }
  });

  it('groups variables under headings in the order the table first names them', () => {
    const headings = doc
      .split('\n')
      .filter((line) => line.startsWith('## '))
      .map((line) => line.slice(3));
    expect(headings).toEqual([...new Set(Object.values(VARIABLES).map((spec) => spec.group))]);
    const serverAt = doc.indexOf('## Server');
    const databaseAt = doc.indexOf('## Database');
    expect(doc.indexOf('| `PORT`')).toBeGreaterThan(serverAt);
    expect(doc.indexOf('| `PORT`')).toBeLessThan(databaseAt);
    expect(doc.indexOf('| `DATABASE_URL`')).toBeGreaterThan(databaseAt);
  });

  it('marks secrets, and only secrets', () => {
    for (const [name, spec] of Object.entries(VARIABLES)) {
      expect(rowOf(doc, name)[0]?.includes('(**secret**)'), name).toBe('secret' in spec && spec.secret === true);
    }
  });

  it('keeps every cell on one line and escapes pipes', () => {
    const text = renderConfigurationDoc({
      ODD: { group: 'Test', accepts: 'a | b', description: 'first line\n  second line', default: 'x' },
    });
    expect(text).toContain('| `ODD` | `x` | a \\| b | first line second line |');
    expect(text).toContain('## Test\n\n| Variable | Default | Accepts | Description |\n|---|---|---|---|\n');
  });
});
