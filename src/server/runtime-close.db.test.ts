// runtime.close() keeps the deadline its caller gives, whatever holds on: a client that never finishes its
// request, and a PostHog that never answers while events are queued. The flush is still tried within the time.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../test/capture-server.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { listen } from './features/live/sse-client.test-helpers.js';

describe('runtime.close', () => {
  let cap: CaptureServer | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.env.destroy();
    await cap?.close();
  });

  it('is done by its deadline with a slow client and a hanging PostHog, after trying to flush', async () => {
    cap = await startCaptureServer('hang');
    // A short flush interval: uploads start (and hang) while the test runs, so the upload thread is up at close.
    t = await startTestApp(
      { POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url, ENABLE_TELEMETRY: 'true' },
      { analytics: { flushIntervalMs: 5 } },
    );
    const port = Number(new URL(await listen(t.runtime)).port);
    await t.setupAdmin('admin', undefined, true);
    const slow = net.connect(port, '127.0.0.1');
    slow.on('error', () => undefined);
    const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    while (cap.connections === 0) await new Promise((r) => setTimeout(r, 20));
    await t.login('admin', 'correct horse battery'); // one more event queued behind the hanging upload

    const started = Date.now();
    await t.runtime.close({ deadline: started + 1200 });
    const ms = Date.now() - started;
    await slowClosed;
    expect(ms).toBeLessThan(1400);
    // The flush waited for the hanging upload until its share of the deadline was used up.
    expect(ms).toBeGreaterThan(700);
  });
});
