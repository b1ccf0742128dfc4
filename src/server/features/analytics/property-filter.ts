// Only declared properties leave the process. Undeclared keys and declared keys whose value does not match the
// catalog's schema are removed and counted as "suppressed"; undefined values are simply absent. Pure.
//
// The catalog declares each property with a zod schema (also used for the docs and the types). Checking a value
// runs a plain function compiled once from that schema (number bounds, integers, booleans, enums, bounded lists
// of enums, bounded strings with a pattern, nullable): track() runs on every tracked request, and a zod parse
// there cost several times more. A schema with anything else (e.g. a refine) is checked by zod itself;
// property-filter.test.ts shows the compiled checks accept exactly what zod accepts.
import type { z } from 'zod';
import { EVENTS, type EventName, type PropertySpec } from './catalog.js';

export interface FilterResult {
  properties: Record<string, unknown>;
  /** Names of the properties that were removed (undeclared, or a value the schema refuses). */
  suppressed: string[];
}

type Check = (value: unknown) => boolean;

interface ZodInternals {
  _zod: { def: { type: string; checks?: { _zod: { def: Record<string, unknown> } }[]; entries?: Record<string, unknown>; innerType?: z.ZodType; element?: z.ZodType } };
}

/** A check equivalent to `schema.safeParse(v).success`, or undefined when the schema uses anything else. */
export function compileCheck(schema: z.ZodType): Check | undefined {
  const def = (schema as unknown as ZodInternals)._zod.def;
  const parts: Check[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && c.format === 'safeint') parts.push((v) => Number.isSafeInteger(v));
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      const min = c.value;
      parts.push(c.inclusive ? (v) => (v as number) >= min : (v) => (v as number) > min);
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      const max = c.value;
      parts.push(c.inclusive ? (v) => (v as number) <= max : (v) => (v as number) < max);
    } else if (c.check === 'max_length' && typeof c.maximum === 'number') {
      const max = c.maximum;
      parts.push((v) => (v as { length: number }).length <= max);
    } else if (c.check === 'string_format' && c.format === 'regex' && c.pattern instanceof RegExp && !c.pattern.global && !c.pattern.sticky) {
      const pattern = c.pattern;
      parts.push((v) => pattern.test(v as string));
    } else return undefined;
  }
  const all = (base: Check): Check => (parts.length === 0 ? base : (v) => base(v) && parts.every((p) => p(v)));
  switch (def.type) {
    case 'number':
      return all((v) => typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return parts.length === 0 ? (v) => typeof v === 'boolean' : undefined;
    case 'string':
      return all((v) => typeof v === 'string');
    case 'enum': {
      const values = new Set(Object.values(def.entries ?? {}));
      return parts.length === 0 ? (v) => (typeof v === 'string' || typeof v === 'number') && values.has(v) : undefined;
    }
    case 'array': {
      const element = def.element && compileCheck(def.element);
      return element ? all((v) => Array.isArray(v) && v.every(element)) : undefined;
    }
    case 'nullable': {
      const inner = def.innerType && compileCheck(def.innerType);
      return inner && parts.length === 0 ? (v) => v === null || inner(v) : undefined;
    }
    default:
      return undefined;
  }
}

const compiled = new WeakMap<PropertySpec, Check>();

/** Whether the catalog accepts `value` for this property. */
export function accepts(spec: PropertySpec, value: unknown): boolean {
  let check = compiled.get(spec);
  if (!check) {
    check = compileCheck(spec.schema) ?? ((v) => spec.schema.safeParse(v).success);
    compiled.set(spec, check);
  }
  return check(value);
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
    // A list is copied (as zod's parse would): what is queued cannot change afterwards.
    if (accepts(spec, value)) properties[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
    else suppressed.push(key);
  }
  return { properties, suppressed };
}

export function filterEventProperties(event: EventName, input: Record<string, unknown> | undefined): FilterResult {
  return filterProperties(EVENTS[event].properties, input);
}
