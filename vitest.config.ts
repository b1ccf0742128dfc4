import { defineConfig } from 'vitest/config';

// Projects:
// - unit: pure modules (no database)
// - sqlite / postgres: every *.db.test.ts, once per database (postgres only when TT_TEST_PG_URL is set;
//   test/global-setup.ts says loudly when it is skipped, and fails under CI)
// - web: React components on happy-dom (src/web/**/*.test.tsx), talking to a real in-process server (test/web/)
// - browser: end-to-end tests in Debian's Chromium (test/e2e)
const pgUrl = process.env.TT_TEST_PG_URL;
// *.db.test.ts run on both databases; *.sqlite.test.ts and *.pg.test.ts only on the one their name says.
const dbTests = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];
const sqliteTests = ['src/**/*.sqlite.test.ts', 'test/**/*.sqlite.test.ts'];
const pgTests = ['src/**/*.pg.test.ts', 'test/**/*.pg.test.ts'];
// Inline projects do not inherit the root's timeouts, so each one gets them here.
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { ...timeouts, name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: [...dbTests, ...sqliteTests, ...pgTests, 'test/e2e/**'] } },
      { test: { ...timeouts, name: 'sqlite', include: [...dbTests, ...sqliteTests], env: { TT_TEST_DB: 'sqlite' } } },
      ...(pgUrl ? [{ test: { ...timeouts, name: 'postgres', include: [...dbTests, ...pgTests], env: { TT_TEST_DB: 'postgres' } } }] : []),
      { test: { ...timeouts, name: 'web', include: ['src/web/**/*.test.tsx'], environment: 'happy-dom', setupFiles: ['test/web/setup.ts'], env: { TT_TEST_DB: 'sqlite' } } },
      { test: { ...timeouts, name: 'browser', include: ['test/e2e/**/*.e2e.test.ts'], fileParallelism: false, testTimeout: 120_000 } },
    ],
  },
});
