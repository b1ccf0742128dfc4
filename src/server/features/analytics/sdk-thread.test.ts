// The analytics thread on its own: real posthog-node in a worker, uploading to a capture server on 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { refusingUrl, startCaptureServer, type CaptureServer } from '../../../../test/capture-server.js';
import { SdkThread, type SdkMessage, type SdkSettings } from './sdk-thread.js';

const settings = (host: string, more: Partial<SdkSettings> = {}): SdkSettings => ({
  apiKey: 'phc_test_project_key',
  host,
  debug: false,
  requestTimeoutMs: 1_000,
  maxBatchSize: 250,
  recentEvents: 3,
  ...more,
});

const message = (i: number, uuid: string = randomUUID()): SdkMessage => ({
  distinctId: `u_${i}`,
  event: 'timer.started',
  properties: { project_id: i, billable: true, $groups: { installation: 'i' } },
  timestamp: new Date(Date.UTC(2026, 10, 28, 9, 0, i)),
  uuid,
});

describe('SdkThread', () => {
  let cap: CaptureServer | undefined;
  let sdk: SdkThread | undefined;
  afterEach(async () => {
    await sdk?.terminate();
    await cap?.close();
  });

  it('uploads a batch in one request and reports its count, uuids and last events as sent', async () => {
    cap = await startCaptureServer('ok');
    sdk = new SdkThread(settings(cap.url));
    const watched = randomUUID();
    const outcome = await sdk.send([message(1), message(2, watched), message(3), message(4)]);
    expect(outcome.errors).toEqual([]);
    // posthog-node sends the uuid it is given (ours, given when the event was queued).
    expect(outcome.accepted).toEqual([{ count: 4, uuids: cap.events().map((e) => e.uuid), how: 'delivered' }]);
    expect(outcome.accepted[0]!.uuids[1]).toBe(watched);
    expect(outcome.rejected).toEqual([]);
    expect(cap.requests).toHaveLength(1);
    const received = cap.events();
    expect(received.map((e) => [e.event, e.distinct_id, e.properties.project_id])).toEqual(
      [1, 2, 3, 4].map((i) => ['timer.started', `u_${i}`, i]),
    );
    expect(received[1]!.uuid).toBe(watched);
    expect(received[0]!.timestamp).toBe('2026-11-28T09:00:01.000Z');
    // The admin's list gets the last `recentEvents` exactly as serialized (with what posthog-node added).
    expect(outcome.sent.map((e) => (e.properties as Record<string, unknown>).project_id)).toEqual([2, 3, 4]);
    expect(outcome.sent[2]).toMatchObject({ event: 'timer.started', properties: { $geoip_disable: true, $lib: 'posthog-node' } });
  });

  it('makes one attempt per upload and reports a refusal with its status; a retried event is listed once', async () => {
    cap = await startCaptureServer('ok');
    sdk = new SdkThread(settings(cap.url));
    const batch = [message(1), message(2)];
    const listed: number[] = [];
    for (const status of [503, 429, 400]) {
      cap.status = status;
      const before = cap.requests.length;
      const outcome = await sdk.send(batch);
      expect(cap.requests.length - before).toBe(1); // posthog-node does not retry: the runtime's pump decides
      expect(outcome.accepted).toEqual([]);
      expect(outcome.rejected).toEqual([{ status, uuids: batch.map((m) => m.uuid) }]);
      expect(outcome.errors.join('\n')).toMatch(new RegExp(`HTTP ${status}`));
      listed.push(outcome.sent.length);
    }
    expect(listed).toEqual([2, 0, 0]);
    cap.status = undefined;
    const outcome = await sdk.send(batch);
    expect(outcome.accepted).toEqual([{ count: 2, uuids: batch.map((m) => m.uuid), how: 'delivered' }]);
    // The same events in every request, uuid and timestamp unchanged; the admin's list has them once.
    for (const request of cap.requests) {
      expect(request.body?.batch?.map((e) => [e.uuid, e.timestamp])).toEqual(
        batch.map((m) => [m.uuid, m.timestamp.toISOString()]),
      );
    }
    expect(outcome.sent).toEqual([]);
  });

  it('reports an unreachable PostHog and a timeout as status 599', async () => {
    cap = await startCaptureServer('hang');
    sdk = new SdkThread(settings(cap.url, { requestTimeoutMs: 200 }));
    const m = message(1);
    const outcome = await sdk.send([m]);
    expect(outcome.rejected).toEqual([{ status: 599, uuids: [m.uuid] }]);
    expect(outcome.errors.join('\n')).toMatch(/no answer within 200 ms/);
    await sdk.terminate();
    sdk = new SdkThread(settings(await refusingUrl()));
    expect((await sdk.send([m])).rejected).toEqual([{ status: 599, uuids: [m.uuid] }]);
  });

  it('prints instead of sending with debug on', async () => {
    cap = await startCaptureServer('ok');
    sdk = new SdkThread(settings(cap.url, { debug: true }));
    const outcome = await sdk.send([message(1), message(2)]);
    expect(outcome.accepted).toMatchObject([{ count: 2, how: 'printed' }]);
    expect(outcome.printed.map((line) => (JSON.parse(line) as { distinct_id: string }).distinct_id)).toEqual(['u_1', 'u_2']);
    expect(cap.requests).toHaveLength(0);
  });

  it('terminate() aborts an upload in flight: the batch is reported not accepted at once, later batches too', async () => {
    cap = await startCaptureServer('hang');
    sdk = new SdkThread(settings(cap.url, { requestTimeoutMs: 30_000 }));
    const pending = sdk.send([message(1)]);
    await expect.poll(() => cap!.requests.length, { timeout: 5_000 }).toBe(1);
    const started = Date.now();
    await sdk.terminate();
    const outcome = await pending;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(outcome.accepted).toEqual([]);
    expect(outcome.errors).toEqual(['analytics thread stopped at shutdown']);
    expect(outcome.rejected).toMatchObject([{ status: 599 }]);
    expect(sdk.isStopped).toBe(true);
    expect((await sdk.send([message(2)])).accepted).toEqual([]);
  });
});
