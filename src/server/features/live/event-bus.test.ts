import { describe, expect, it } from 'vitest';
import { InProcessLiveBus, packEnvelopes } from './event-bus.js';
import { entriesDeleted, MAX_IDS_PER_EVENT, type LiveEvent } from './live-events.js';

describe('live event bus', () => {
  it('splits long id lists into events, and events into NOTIFY payloads below 8000 bytes', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => 2_000_000_000 + i);
    const events = entriesDeleted(ids);
    expect(events).toHaveLength(Math.ceil(2000 / MAX_IDS_PER_EVENT));
    const payloads = packEnvelopes('origin', 42, events);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    const back = payloads.flatMap((p) => (JSON.parse(p) as { u: number; e: LiveEvent[] }).e);
    expect(back.flatMap((e) => (e.type === 'time_entry.deleted' ? e.data.ids : []))).toEqual(ids);
    expect(entriesDeleted([])).toEqual([]);
  });

  it('delivers in-process to the user’s listeners only, and unsubscribes', async () => {
    const bus = new InProcessLiveBus();
    const got: string[] = [];
    const off1 = bus.subscribe(1, (e) => got.push(`1a:${e.type}`));
    bus.subscribe(1, (e) => got.push(`1b:${e.type}`));
    bus.subscribe(2, (e) => got.push(`2:${e.type}`));
    await bus.publish(1, entriesDeleted([5]));
    off1();
    await bus.publish(1, entriesDeleted([6]));
    expect(got).toEqual(['1a:time_entry.deleted', '1b:time_entry.deleted', '1b:time_entry.deleted']);
    expect(bus.subscriberCount()).toBe(2);
  });
});
