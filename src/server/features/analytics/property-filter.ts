// Only declared properties leave the process. Undeclared keys and declared keys whose value does not match the
// catalog's schema are removed and counted as "suppressed"; undefined values are simply absent. Pure.
import { EVENTS, type EventName, type PropertySpec } from './catalog.js';

export interface FilterResult {
  properties: Record<string, unknown>;
  /** Names of the properties that were removed (undeclared, or a value the schema refuses). */
  suppressed: string[];
}

export function filterProperties(specs: Readonly<Record<string, PropertySpec>>, input: Record<string, unknown> | undefined): FilterResult {
  const properties: Record<string, unknown> = {};
  const suppressed: string[] = [];
  if (!input || typeof input !== 'object') return { properties, suppressed };
  for (const key of Object.keys(input)) {
    const value = input[key];
    if (value === undefined) continue;
    const spec = Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined;
    if (!spec) {
      suppressed.push(key);
      continue;
    }
    const parsed = spec.schema.safeParse(value);
    if (parsed.success) properties[key] = parsed.data;
    else suppressed.push(key);
  }
  return { properties, suppressed };
}

export function filterEventProperties(event: EventName, input: Record<string, unknown> | undefined): FilterResult {
  return filterProperties(EVENTS[event].properties, input);
}
