// End-to-end support: builds the web UI when dist/web is missing or stale, starts a real server in-process
// (fresh SQLite data dir, the built UI as webRoot, a real TCP port) and drives Debian's Chromium.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestEnvironment, type TestEnvironment } from '../harness.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_ROOT = path.join(ROOT, 'dist/web');
const WEB_SOURCES = [
  path.join(ROOT, 'src/web'),
  path.join(ROOT, 'vite.config.ts'),
  path.join(ROOT, 'src/shared'), // imported by the web UI too
];

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, name)));
  return newest;
}

/** Builds the UI with Vite's API unless dist/web/index.html is newer than every source file. */
export async function ensureWebBuild(): Promise<void> {
  const index = path.join(WEB_ROOT, 'index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(...WEB_SOURCES.map(newestMtime));
  if (built > sources) return;
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** expect.poll with room for a busy CI machine (the default gives up after one second). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

export interface TestServer {
  url: string;
  runtime: Runtime;
  env: TestEnvironment;
  close(): Promise<void>;
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<TestServer> {
  const env = await createTestEnvironment({ TZ: 'UTC', ...extraEnv }, 'sqlite');
  const runtime = await createRuntime(env.env, { webRoot: WEB_ROOT, logger: false });
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const address = runtime.app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    runtime,
    env,
    close: async () => {
      await runtime.close();
      await env.destroy();
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors other than failed HTTP answers the test provoked on purpose. */
  problems: string[];
  /** Every request that left for another origin (must stay empty: nothing third-party loads). */
  foreign: string[];
}

/** A fresh browser context (own cookies) and page that records page errors, CSP violations and foreign requests. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { width?: number; height?: number; timezoneId?: string; colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    timezoneId: options.timezoneId ?? 'UTC',
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(baseURL).origin;
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // The browser logs every 4xx answer; the tests provoke some (overlap 409, 403 for a normal user).
    if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  page.setDefaultTimeout(10_000);
  return { context, page, problems, foreign };
}

/** Sets the signed-in user's language preference through the API, as the Settings page would (takes effect on load). */
export async function setLanguage(page: Page, language: string): Promise<void> {
  const status = await page.evaluate(async (lang) => {
    const { csrf_token } = (await (await fetch('/api/v1/auth/session')).json()) as { csrf_token: string };
    const res = await fetch('/api/v1/users/me/preferences', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf_token },
      body: JSON.stringify({ language: lang }),
    });
    return res.status;
  }, language);
  expect(status, `PATCH /users/me/preferences {language: ${language}}`).toBe(200);
}

/** A stand-in PostHog host on 127.0.0.1 that accepts every batch, so analytics can run for real and stay local. */
export async function startPosthogSink(): Promise<{ url: string; bodies: unknown[]; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const bodies: unknown[] = [];
  const sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch {
        bodies.push(null);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1}');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const address = sink.address();
  if (!address || typeof address === 'string') throw new Error('the PostHog sink has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    bodies,
    close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
  };
}
