import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS, type EventName } from './catalog.js';
import { filterEventProperties } from './property-filter.js';

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
