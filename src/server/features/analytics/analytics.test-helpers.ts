// Test instances wired to a capture server on 127.0.0.1 through the real posthog-node SDK.
import { expect } from 'vitest';
import { startCaptureServer, type CaptureMode, type CaptureServer, type CapturedEvent } from '../../../../test/capture-server.js';
import { startTestApp, type TestApp } from '../../../../test/harness.js';
import type { RuntimeOptions } from '../../runtime.js';

/** Short intervals so tests do not wait; settings are applied explicitly (no background refresh). */
export const FAST_ANALYTICS = { flushIntervalMs: 10, requestTimeoutMs: 1_000, retryDelayMs: 20, settingsRefreshMs: 0 } as const;

export const UA = {
  chromeLinux: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
} as const;

export interface AnalyticsTestApp extends TestApp {
  cap: CaptureServer;
  /** Sends everything queued and returns every event the capture server has received so far. */
  flushed(): Promise<CapturedEvent[]>;
}

export async function startWithCapture(
  env: Record<string, string> = {},
  options: RuntimeOptions = {},
  mode: CaptureMode = 'ok',
): Promise<AnalyticsTestApp> {
  const cap = await startCaptureServer(mode);
  const t = await startTestApp(
    { POSTHOG_API_KEY: 'phc_test_project_key', POSTHOG_HOST: cap.url, ...env },
    { ...options, analytics: { ...FAST_ANALYTICS, ...options.analytics } },
  );
  return {
    ...t,
    cap,
    flushed: async () => {
      await t.runtime.analytics.flush();
      return cap.events();
    },
    close: async () => {
      try {
        await t.close();
      } finally {
        await cap.close();
      }
      expectOnlyBatchUploads(cap);
    },
  };
}

/** posthog-node may only ever POST to /batch/ (no flags, decide or remote-config request), as plain JSON. */
export function expectOnlyBatchUploads(cap: CaptureServer): void {
  for (const request of cap.requests) {
    expect(`${request.method} ${request.path}`).toBe('POST /batch/');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['content-encoding']).toBeUndefined(); // not gzipped (see analytics.ts)
    expect(request.body?.api_key).toBe('phc_test_project_key');
  }
}

export const byEvent = (events: CapturedEvent[], name: string) => events.filter((e) => e.event === name);
export const ofUser = (events: CapturedEvent[], distinctId: string) => events.filter((e) => e.distinct_id === distinctId);
