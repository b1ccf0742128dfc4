// The setup wizard says who would receive usage data, in plain words, with and without a PostHog key: nothing at
// all without one; with one, the admin's own project and host, product analytics on by default, and installation
// telemetry only when ticked. In English and in German (the browser's language before anyone signs in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuild, launchBrowser, openPage, startPosthogSink, startServer, type TestServer } from './support.js';

let browser: Browser;
let sink: Awaited<ReturnType<typeof startPosthogSink>>;
const servers: TestServer[] = [];

beforeAll(async () => {
  await ensureWebBuild();
  browser = await launchBrowser();
  sink = await startPosthogSink();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  await sink?.close();
});

async function wizard(env: Record<string, string>, locale = 'en-US') {
  const server = await startServer(env);
  servers.push(server);
  const w = await openPage(browser, server.url, { locale });
  await w.page.goto('/');
  await w.page.waitForURL('**/setup');
  return { ...w, server, section: w.page.getByTestId('usage-data') };
}

describe('the setup wizard on usage data', () => {
  it('without a key: nothing is sent to anyone, and the choice is kept for later', async () => {
    const { page, section, server } = await wizard({});
    const text = await section.textContent();
    expect(text).toMatch(/No PostHog key is set, so this installation sends nothing — not to the TimeTracker developers/);
    expect(text).toMatch(/kept for when a key is set/);
    expect(text).not.toMatch(/posthog\.com|127\.0\.0\.1/);
    expect(await section.getByRole('link', { name: 'How to create a PostHog project' }).getAttribute('href')).toBe(
      'https://posthog.com/docs',
    );
    const telemetry = page.getByLabel('Also send installation telemetry');
    expect(await telemetry.isChecked()).toBe(false);
    await telemetry.check();
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Repeat password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create admin and sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // The consent is stored, but with no key nothing is sent.
    const installation = await server.runtime.ctx.db.selectFrom('installation').selectAll().executeTakeFirstOrThrow();
    expect(installation.telemetry_consent).toBe(1);
    expect(sink.bodies).toEqual([]);
  });

  it('with a key: the admin’s own project and host, product analytics on, telemetry off unless ticked', async () => {
    const { section, page } = await wizard({ POSTHOG_API_KEY: 'phc_wizard_test', POSTHOG_HOST: sink.url });
    const text = await section.textContent();
    expect(text).toContain(`Usage data goes only to your own PostHog project at ${sink.url} — never to the TimeTracker developers.`);
    expect(text).toMatch(/Product analytics is on: .* Each user can opt out in Settings/);
    expect(await page.getByLabel('Also send installation telemetry').isChecked()).toBe(false);
  });

  it('says when the server’s variables decide instead of the checkbox', async () => {
    const forced = await wizard({ POSTHOG_API_KEY: 'phc_wizard_test', POSTHOG_HOST: sink.url, ENABLE_TELEMETRY: 'true', ANALYTICS_ENABLED: 'false' });
    expect(await forced.section.textContent()).toMatch(/Product analytics is off .*ENABLE_TELEMETRY=true decides/);
    expect(await forced.page.getByLabel('Also send installation telemetry').count()).toBe(0);
    const dnt = await wizard({ POSTHOG_API_KEY: 'phc_wizard_test', POSTHOG_HOST: sink.url, DO_NOT_TRACK: 'true' });
    expect(await dnt.section.textContent()).toMatch(/DO_NOT_TRACK is set on this server: nothing is sent/);
  });

  it('speaks German before anyone signs in', async () => {
    const { section } = await wizard({ POSTHOG_API_KEY: 'phc_wizard_test', POSTHOG_HOST: sink.url }, 'de-DE');
    const text = await section.textContent();
    expect(text).toContain(`Nutzungsdaten gehen nur an Ihr eigenes PostHog-Projekt unter ${sink.url}`);
    expect(text).toMatch(/Auch Installations-Telemetrie senden/);
  });
});
