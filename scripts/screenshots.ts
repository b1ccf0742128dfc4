// `npm run screenshots`: the production build in Chromium against a real, seeded server; writes the main pages
// in light and dark at desktop (1280×800) and phone (390×844) widths, in English and German, into screenshots/ for a
// human to look at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild, launchBrowser, startPosthogSink, startServer } from '../test/e2e/support.js';
import { seedDemo, setupAdmin } from '../test/e2e/seed.js';

const OUT = fileURLToPath(new URL('../screenshots/', import.meta.url));
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const PAGES = [
  { name: 'dashboard', path: '/', ready: '[data-testid="total-week"]', themes: ['light', 'dark'] },
  { name: 'entries', path: '/entries?range=last_week', ready: 'li.entry', themes: ['light', 'dark'] },
  { name: 'calendar', path: '/calendar', ready: '.cal-block', themes: ['light', 'dark'] },
  { name: 'reports', path: '/reports?range=last_7_days', ready: '[data-testid="report-total"]', themes: ['light', 'dark'] },
  { name: 'telemetry', path: '/admin/telemetry', ready: 'h1', themes: ['light'] },
  { name: 'settings', path: '/settings', ready: 'h1', themes: ['light', 'dark'] },
  { name: 'timesheet', path: '/timesheet', ready: '.ts-grid', themes: ['light', 'dark'] },
  { name: 'tokens', path: '/settings/tokens', ready: 'h1', themes: ['light', 'dark'] },
  { name: 'users', path: '/admin/users', ready: 'table', themes: ['light', 'dark'] },
  { name: 'projects', path: '/projects', ready: '[data-testid="budget"]', themes: ['light', 'dark'] },
  // The running timer's editor, opened in place on the dashboard's timer card.
  {
    name: 'dashboard-timer-edit',
    path: '/',
    ready: '[data-testid="timer-edit"]',
    themes: ['light', 'dark'],
    click: '[data-testid="timer-edit"]',
  },
  { name: 'invoices', path: '/invoices', ready: 'table', themes: ['light', 'dark'] },
  { name: 'invoice', path: '/invoices/1', ready: '[data-testid="invoice-gross"]', themes: ['light', 'dark'] },
] as const;
const LANGUAGES = ['en', 'de'] as const;

async function main(): Promise<void> {
  await ensureWebBuild();
  // A key and a local stand-in PostHog give the telemetry page real payloads without sending anything anywhere.
  const posthog = await startPosthogSink();
  const server = await startServer({ POSTHOG_API_KEY: 'phc_screenshots_only', POSTHOG_HOST: posthog.url });
  const browser = await launchBrowser();
  try {
    const admin = await setupAdmin(server.url);
    await seedDemo(admin);
    await admin.call('PATCH', '/users/me/preferences', { theme: 'system' });
    fs.mkdirSync(OUT, { recursive: true });
    for (const language of LANGUAGES) {
      await admin.call('PATCH', '/users/me/preferences', { language });
      for (const viewport of VIEWPORTS) {
        for (const theme of ['light', 'dark'] as const) {
          const context = await browser.newContext({
            baseURL: server.url,
            viewport: { width: viewport.width, height: viewport.height },
            colorScheme: theme,
            timezoneId: 'UTC',
            locale: 'en-US',
            deviceScaleFactor: 1,
          });
          const [name, value] = admin.cookie.split('=');
          await context.addCookies([{ name: name ?? 'tt_session', value: value ?? '', url: server.url }]);
          const page = await context.newPage();
          for (const p of PAGES) {
            if (!(p.themes as readonly string[]).includes(theme)) continue;
            await page.goto(p.path);
            await page.locator(p.ready).first().waitFor({ timeout: 15_000 });
            if ('click' in p) await page.locator(p.click).first().click();
            // Charts are drawn from a lazily loaded chunk: wait until every canvas has been painted.
            await page.waitForFunction(() => [...document.querySelectorAll('canvas')].every((c) => c.width > 0), undefined, {
              timeout: 15_000,
            });
            await page.waitForTimeout(600);
            const file = path.join(OUT, `${p.name}-${theme}-${viewport.name}-${language}.png`);
            await page.screenshot({ path: file, fullPage: true });
            process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await posthog.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
