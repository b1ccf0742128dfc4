import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_SIDE_EVENTS,
  EVENTS,
  GROUPS,
  INSTALLATION_PROPERTIES,
  PERSON_PROPERTIES,
  isEventName,
  type PropertySpec,
} from './catalog.js';

// The event table of the analytics spec, transcribed independently of catalog.ts.
const SPEC: Record<string, string[]> = {
  'auth.login': ['auth_method'],
  'auth.logout': [],
  'user.signed_up': ['signup_method'],
  'user.created': ['signup_method'],
  'timer.started': ['project_id', 'task_id', 'has_notes', 'has_tags', 'billable'],
  'timer.stopped': ['time_entry_id', 'project_id', 'duration_seconds'],
  'timer.paused': ['time_entry_id'],
  'timer.resumed': ['time_entry_id'],
  'time_entry.created': ['time_entry_id', 'project_id', 'source', 'duration_seconds', 'has_notes'],
  'time_entry.updated': ['time_entry_id', 'fields_changed'],
  'time_entry.deleted': ['time_entry_id'],
  'time_entries.bulk_action': ['action', 'count'],
  'project.created': ['project_id', 'has_client', 'billable', 'has_budget'],
  'project.archived': ['project_id'],
  'project.unarchived': ['project_id'],
  'project.deleted': ['project_id'],
  'client.created': ['client_id'],
  'client.archived': ['client_id'],
  'client.deleted': ['client_id'],
  'task.created': ['task_id', 'project_id'],
  'task.status_changed': ['task_id', 'old_status', 'new_status'],
  'report.viewed': ['group_by', 'range_days'],
  'export.completed': ['format', 'rows', 'range_days', 'filters', 'duration_ms'],
  'import.completed': ['source', 'rows', 'errors'],
  'preferences.updated': ['fields'],
  'token.created': ['scopes_count'],
  // The invoices issue names these four, with sizes, codes and switches only.
  'invoice.created': ['kind', 'lines_bucket', 'currency', 'has_tax', 'tax_treatment', 'group_by'],
  'invoice.issued': ['kind', 'lines_bucket', 'currency', 'has_tax', 'tax_treatment', 'group_by'],
  'invoice.paid': ['kind', 'lines_bucket', 'currency', 'has_tax', 'tax_treatment', 'group_by'],
  'invoice.voided': ['kind', 'lines_bucket', 'currency', 'has_tax', 'tax_treatment', 'group_by'],
  'invoice.exported': ['kind', 'format'],
  'admin.telemetry_toggled': ['channel', 'enabled'],
  'funnel.onboarding.first_project_created': ['days_since_signup'],
  'funnel.onboarding.first_timer_started': ['days_since_signup'],
  'funnel.onboarding.first_time_logged': ['days_since_signup'],
  $pageview: [],
  'telemetry.install': [],
  'telemetry.update': ['old_version', 'new_version'],
  'telemetry.health': ['uptime_hours', 'users_bucket', 'projects_bucket', 'entries_bucket'],
};

const allSpecs = (): [string, PropertySpec][] => [
  ...Object.entries(EVENTS).flatMap(([event, spec]) =>
    Object.entries(spec.properties).map(([p, s]) => [`${event}.${p}`, s] as [string, PropertySpec]),
  ),
  ...Object.entries({ ...PERSON_PROPERTIES.$set, ...PERSON_PROPERTIES.$set_once }).map(
    ([p, s]) => [`person.${p}`, s] as [string, PropertySpec],
  ),
  ...Object.entries({ ...INSTALLATION_PROPERTIES.$set, ...INSTALLATION_PROPERTIES.$set_once }).map(
    ([p, s]) => [`installation.${p}`, s] as [string, PropertySpec],
  ),
  ...Object.entries(GROUPS).flatMap(([g, def]) =>
    Object.entries(def.properties).map(([p, s]) => [`group.${g}.${p}`, s] as [string, PropertySpec]),
  ),
];

describe('analytics catalog', () => {
  it('declares exactly the events and properties of the spec table', () => {
    expect(Object.keys(EVENTS).sort()).toEqual(Object.keys(SPEC).sort());
    for (const [event, props] of Object.entries(SPEC)) {
      expect(Object.keys(EVENTS[event as keyof typeof EVENTS].properties).sort(), event).toEqual([...props].sort());
    }
  });

  it('puts telemetry.* on the telemetry channel, everything else on product, and only $pageview client-side', () => {
    for (const [name, spec] of Object.entries(EVENTS)) {
      expect(spec.channel, name).toBe(name.startsWith('telemetry.') ? 'telemetry' : 'product');
      expect(spec.description.length, name).toBeGreaterThan(10);
    }
    expect(CLIENT_SIDE_EVENTS).toEqual(['$pageview']);
    expect(isEventName('auth.login')).toBe(true);
    expect(isEventName('toString')).toBe(false);
    expect(isEventName('auth.password_reset')).toBe(false);
  });

  it('has no property that accepts free text: names, e-mail addresses, notes and IPs are all refused', () => {
    const samples = [
      'alice@example.com',
      'Acme Corp',
      'Website relaunch',
      'notes about the client call',
      '192.168.1.10',
      'Alice',
      'x',
    ];
    for (const [name, spec] of allSpecs()) {
      for (const sample of samples) expect(spec.schema.safeParse(sample).success, `${name} accepted ${sample}`).toBe(false);
      expect(spec.description.length, name).toBeGreaterThan(3);
    }
  });

  it('refuses any string with a space or an @ in every property (property-based)', () => {
    const specs = allSpecs();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(' ', '@'), fc.string({ maxLength: 40 }), (a, sep, b) => {
        for (const [, spec] of specs) {
          if (spec.schema.safeParse(`${a}${sep}${b}`).success) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('accepts the values real callers send', () => {
    const ok = (event: keyof typeof EVENTS, prop: string, value: unknown) =>
      (EVENTS[event].properties as Record<string, PropertySpec>)[prop]?.schema.safeParse(value).success;
    expect(ok('timer.started', 'task_id', null)).toBe(true);
    expect(ok('timer.started', 'project_id', 0)).toBe(false);
    expect(ok('time_entry.updated', 'fields_changed', ['notes', 'tags'])).toBe(true);
    expect(ok('time_entry.updated', 'fields_changed', ['notes', 'secret_field'])).toBe(false);
    expect(ok('import.completed', 'source', 'toggl')).toBe(true);
    expect(ok('time_entry.created', 'source', 'toggl')).toBe(false);
    expect(ok('telemetry.update', 'old_version', '1.2.3-rc.1')).toBe(true);
    expect(ok('telemetry.update', 'old_version', '1.2')).toBe(false);
    expect(ok('telemetry.health', 'users_bucket', '2-5')).toBe(true);
    expect(ok('telemetry.health', 'users_bucket', '7')).toBe(false);
  });
});
