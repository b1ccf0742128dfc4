import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from '../../lib/uuidv7.js';
import { ANALYTICS_IDLE_SECONDS, ANALYTICS_MAX_SECONDS, newVisit, visitIsCurrent } from './analytics-session.js';

describe('visitIsCurrent', () => {
  const start = 1_800_000_000;
  const visit = { ...newVisit(start), last_seen_at: start };

  it('keeps a visit up to 30 minutes without activity and 24 hours in all (posthog-js: "more than" ends it)', () => {
    expect(visitIsCurrent(visit, start + ANALYTICS_IDLE_SECONDS)).toBe(true);
    expect(visitIsCurrent(visit, start + ANALYTICS_IDLE_SECONDS + 1)).toBe(false);
    const active = { ...visit, last_seen_at: start + ANALYTICS_MAX_SECONDS };
    expect(visitIsCurrent(active, start + ANALYTICS_MAX_SECONDS)).toBe(true);
    expect(
      visitIsCurrent({ ...active, last_seen_at: start + ANALYTICS_MAX_SECONDS + 1 }, start + ANALYTICS_MAX_SECONDS + 1),
    ).toBe(false);
  });

  it('has no visit before the first one began (sessions from before the migration)', () => {
    expect(visitIsCurrent({ analytics_session_id: null, analytics_session_started_at: null, last_seen_at: start }, start)).toBe(
      false,
    );
  });
});

describe('uuidv7', () => {
  it('is a version-7 UUID carrying its milliseconds, unique and ordered by time', () => {
    const ids = [uuidv7(1_700_000_000_000), uuidv7(1_700_000_000_000), uuidv7(1_700_000_000_001)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
    expect(uuidv7Time(ids[0]!)).toBe(1_700_000_000_000);
    expect(ids[2]! > ids[0]!).toBe(true);
    expect(uuidv7Time(newVisit(1_700_000_000).analytics_session_id)).toBe(1_700_000_000_000);
  });
});
