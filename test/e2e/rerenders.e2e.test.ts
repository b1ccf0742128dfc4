// Re-renders per second on the dashboard with a running timer, in the production build. React reports every commit
// to the DevTools hook; a stand-in hook, installed before the page's scripts run, counts the components that rendered
// in each commit (the test the React DevTools profiler uses: a fiber whose children were re-created and that
// performed work). Nothing in the app changes for the test. The number is recorded in docs/performance.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ensureWebBuild, launchBrowser, openPage, startServer, type TestServer, type WatchedPage } from './support.js';
import { seedDemo, setupAdmin } from './seed.js';

declare global {
  interface Window {
    __renders: { commits: number; components: number };
  }
}

/** Runs in the page before React: counts commits and rendered function/class/memo/forwardRef components. */
function installRenderCounter(): void {
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]);
  const PERFORMED_WORK = 1;
  interface Fiber {
    tag: number;
    flags: number;
    child: Fiber | null;
    sibling: Fiber | null;
    alternate: Fiber | null;
  }
  const counts = { commits: 0, components: 0 };
  window.__renders = counts;
  const visit = (fiber: Fiber | null, mounted: boolean) => {
    for (let f = fiber; f; f = f.sibling) {
      const isNew = mounted || f.alternate === null;
      if (COMPONENT_TAGS.has(f.tag) && (isNew || (f.flags & PERFORMED_WORK) !== 0)) counts.components += 1;
      // Children that were not re-created belong to a subtree React skipped in this commit.
      if (isNew || f.child !== f.alternate?.child) visit(f.child, isNew);
    }
  };
  (window as unknown as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => undefined,
    onScheduleFiberRoot: () => undefined,
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      counts.commits += 1;
      const current = root.current;
      if (current.child !== current.alternate?.child) visit(current.child, current.alternate === null);
    },
  };
}

let server: TestServer;
let browser: Browser;
let w: WatchedPage;

describe('dashboard re-renders with a running timer', () => {
  beforeAll(async () => {
    await ensureWebBuild();
    server = await startServer();
    browser = await launchBrowser();
    w = await openPage(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders only the ticking clocks each second', async () => {
    const api = await setupAdmin(server.url);
    await seedDemo(api, { runningTimer: true });
    const [name, value] = api.cookie.split('=');
    await w.context.addCookies([{ name: name ?? '', value: value ?? '', url: server.url }]);
    await w.context.addInitScript(installRenderCounter);
    const { page } = w;
    await page.goto('/');
    await page.getByTestId('timer-elapsed').waitFor();
    await page.getByTestId('total-today').waitFor();
    await page.waitForTimeout(1500); // lazy chart and first fetches settle
    const read = () => page.evaluate(() => ({ ...window.__renders }));
    const before = await read();
    const seconds = 5;
    await page.waitForTimeout(seconds * 1000);
    const after = await read();
    const perSecond = {
      commits: (after.commits - before.commits) / seconds,
      components: (after.components - before.components) / seconds,
    };
    console.log(`re-renders per second: ${JSON.stringify(perSecond)}`);
    expect(perSecond.commits).toBeGreaterThan(0); // the clock ticks
    expect(perSecond.components).toBeLessThanOrEqual(10);
    expect(w.problems).toEqual([]);
  });
});
