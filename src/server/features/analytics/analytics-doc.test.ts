import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENTS, GROUPS, INSTALLATION_PROPERTIES, PERSON_PROPERTIES } from './catalog.js';
import { describeType, renderAnalyticsDoc } from './analytics-doc.js';
import { z } from 'zod';

const committed = () => fs.readFileSync(new URL('../../../../docs/analytics.md', import.meta.url), 'utf8');

describe('docs/analytics.md', () => {
  it('is the committed output of the generator (run `npm run docs` after changing the catalog)', () => {
    expect(committed()).toBe(renderAnalyticsDoc());
  });

  it('documents every event with every property, and every person, installation and group property', () => {
    const doc = renderAnalyticsDoc();
    for (const [name, spec] of Object.entries(EVENTS)) {
      const section = doc.split(`### \`${name}\``)[1]?.split('\n### ')[0];
      expect(section, name).toBeDefined();
      for (const prop of Object.keys(spec.properties)) expect(section, `${name}.${prop}`).toContain(`| \`${prop}\` |`);
    }
    const names = [
      ...Object.keys(PERSON_PROPERTIES.$set),
      ...Object.keys(PERSON_PROPERTIES.$set_once),
      ...Object.keys(INSTALLATION_PROPERTIES.$set),
      ...Object.keys(INSTALLATION_PROPERTIES.$set_once),
      ...Object.values(GROUPS).flatMap((g) => Object.keys(g.properties)),
    ];
    for (const name of names) expect(doc, name).toContain(`| \`${name}\` |`);
    for (const heading of ['## Setup', '## Example insights', '## Example cohorts', '## Example dashboards', 'Docker admins', 'At-risk users', 'Installation health', 'User engagement'])
      expect(doc).toContain(heading);
  });

  it('describes property types readably', () => {
    expect(describeType(z.enum(['local', 'oidc']))).toBe('`local` \\| `oidc`');
    expect(describeType(z.number().int().positive().nullable())).toBe('integer ≥ 1 or null');
    expect(describeType(z.array(z.enum(['a', 'b'])))).toBe('list of `a` \\| `b`');
    expect(describeType(z.boolean())).toBe('boolean');
  });
});
