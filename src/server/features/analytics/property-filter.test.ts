import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS, GROUPS, INSTALLATION_PROPERTIES, PERSON_PROPERTIES, PROPERTIES, type EventName, type PropertySpec } from './catalog.js';
import { accepts, compileCheck, filterEventProperties } from './property-filter.js';

describe('filterEventProperties', () => {
  it('keeps declared, valid properties and drops and names the rest', () => {
    const result = filterEventProperties('timer.started', {
      project_id: 4,
      task_id: null,
      has_notes: true,
      notes: 'Call with Alice about the invoice',
      billable: 'yes',
      email: 'alice@example.com',
      tags: undefined,
    });
    expect(result.properties).toEqual({ project_id: 4, task_id: null, has_notes: true });
    expect(result.suppressed.sort()).toEqual(['billable', 'email', 'notes']);
  });

  it('drops everything for an event without properties', () => {
    expect(filterEventProperties('auth.logout', { username: 'alice', ip: '10.0.0.1' })).toEqual({ properties: {}, suppressed: ['username', 'ip'] });
    expect(filterEventProperties('auth.logout', undefined)).toEqual({ properties: {}, suppressed: [] });
  });

  it('never lets an undeclared key through and accounts for every key given (property-based)', () => {
    const events = Object.keys(EVENTS) as EventName[];
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.constantFrom(...events), fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value), (event, input) => {
        const declared = Object.keys(EVENTS[event].properties);
        const { properties, suppressed } = filterEventProperties(event, input);
        const kept = Object.keys(properties);
        return (
          kept.every((k) => declared.includes(k)) &&
          kept.length + suppressed.length === Object.keys(input).length &&
          suppressed.every((k) => Object.hasOwn(input, k) && !Object.hasOwn(properties, k))
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('compiled property checks', () => {
  const specs: [string, PropertySpec][] = [
    ...Object.entries(PROPERTIES),
    ...Object.entries(PERSON_PROPERTIES.$set),
    ...Object.entries(PERSON_PROPERTIES.$set_once),
    ...Object.entries(INSTALLATION_PROPERTIES.$set),
    ...Object.entries(INSTALLATION_PROPERTIES.$set_once),
    ...Object.values(GROUPS).flatMap((g) => Object.entries(g.properties as Record<string, PropertySpec>)),
  ];

  /** Values near what each schema accepts: its enum values, numbers around its bounds, lists of its names. */
  function candidates(spec: PropertySpec): fc.Arbitrary<unknown> {
    const enumValues = new Set<string>();
    const collect = (schema: unknown) => {
      const def = (schema as { _zod: { def: { entries?: Record<string, string>; innerType?: unknown; element?: unknown } } })._zod.def;
      for (const v of Object.values(def.entries ?? {})) enumValues.add(v);
      if (def.innerType) collect(def.innerType);
      if (def.element) collect(def.element);
    };
    collect(spec.schema);
    const names = enumValues.size > 0 ? fc.constantFrom(...enumValues) : fc.string({ maxLength: 8 });
    return fc.oneof(
      fc.anything(),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(0, -0, 1, 0.5, 2_147_483_647, 2_147_483_648, 1_000_000_000, 1_000_000_001, 1_000_000, 1_000_000.5, NaN, Infinity, -Infinity, 2 ** 53, null, undefined, '', '1', true, false),
      fc.double(),
      names,
      fc.array(names, { maxLength: 14 }),
      fc.stringMatching(/^\d{1,7}\.\d{1,7}\.\d{1,7}(-[0-9A-Za-z.]{0,33})?$/),
      fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    );
  }

  it('compiles every event property (no zod parse on the track() path)', () => {
    for (const [name, spec] of Object.entries(PROPERTIES)) expect(compileCheck(spec.schema), name).toBeDefined();
  });

  it('accept exactly what the zod schemas accept, for every property in the catalog (property-based)', () => {
    for (const [name, spec] of specs) {
      fc.assert(
        fc.property(candidates(spec), (value) => accepts(spec, value) === spec.schema.safeParse(value).success),
        { numRuns: 400, examples: [[null], [undefined], [[]]] },
      );
      expect(name).toBeTruthy();
    }
  });
});
