import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Projects:
// - unit: pure modules (no database)
// - sqlite / postgres: every *.db.test.ts, once per database (postgres only when TT_TEST_PG_URL is set;
//   test/global-setup.ts says loudly when it is skipped, and fails under CI)
// - web: React components on happy-dom (src/web/**/*.test.tsx), talking to a real in-process server (test/web/)
// - unit-serial / sqlite-serial / postgres-serial: the TIMED files below, as unit / sqlite / postgres would run them
// - browser: end-to-end tests in Debian's Chromium (test/e2e)
//
// Order (sequence.groupOrder): first unit, sqlite, postgres and web together, PARALLEL files at a time (each file
// has its own SQLite directory or PostgreSQL database and its own ports); then the *-serial projects and the
// browser, one file at a time, with the machine to themselves. See docs/performance.md, "Test run".
const pgUrl = process.env.TT_TEST_PG_URL;
// Two on the 2-core CI machine (vitest's default there is one: cores − 1).
const PARALLEL = Math.max(2, os.availableParallelism() - 1);
// Files that assert on wall-clock time, hold the machine's CPU or sockets on purpose, or run server processes
// with their own deadlines: a second file running beside them makes them measure the other file. (Export storms
// hold paused exports open while the 2 s stall timer runs; with another file on the same cores a request in the
// middle of the test took longer than that, and the exports were cut before the test looked at them.)
const TIMED_UNIT = ['src/server/features/analytics/sdk-thread.test.ts'];
const TIMED_DB = [
  'test/attack/export-storm.db.test.ts',
  'test/attack/slow-clients.db.test.ts',
  'test/multiprocess/*.test.ts',
  'test/process/*.test.ts',
  'src/server/runtime-close.db.test.ts',
  'src/server/features/analytics/delivery.db.test.ts',
  'src/server/features/analytics/resilience.db.test.ts',
  'src/server/features/analytics/telemetry-processes.db.test.ts',
  // Backups taken while a server keeps writing (a CLI or pg_dump process), and the server process refusing a
  // downgrade: process starts with their own deadlines.
  'test/backup/*.test.ts',
  'test/upgrade/*.test.ts',
];
const TIMED = [...TIMED_UNIT, ...TIMED_DB];
// *.db.test.ts run on both databases; *.sqlite.test.ts and *.pg.test.ts only on the one their name says.
const dbTests = ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'];
const sqliteTests = ['src/**/*.sqlite.test.ts', 'test/**/*.sqlite.test.ts'];
const pgTests = ['src/**/*.pg.test.ts', 'test/**/*.pg.test.ts'];
// Inline projects do not inherit the root's timeouts, so each one gets them here.
const timeouts = { testTimeout: 30_000, hookTimeout: 60_000 };
const together = { ...timeouts, maxWorkers: PARALLEL, sequence: { groupOrder: 0 } };
const alone = { ...timeouts, maxWorkers: 1, sequence: { groupOrder: 1 } };

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      {
        test: {
          ...together,
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...dbTests, ...sqliteTests, ...pgTests, 'test/e2e/**', ...TIMED],
        },
      },
      {
        test: {
          ...together,
          name: 'sqlite',
          include: [...dbTests, ...sqliteTests],
          exclude: TIMED,
          env: { TT_TEST_DB: 'sqlite' },
        },
      },
      ...(pgUrl
        ? [
            {
              test: {
                ...together,
                name: 'postgres',
                include: [...dbTests, ...pgTests],
                exclude: TIMED,
                env: { TT_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
      {
        test: {
          ...together,
          name: 'web',
          include: ['src/web/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/web/setup.ts'],
          env: { TT_TEST_DB: 'sqlite' },
        },
      },
      { test: { ...alone, name: 'unit-serial', include: TIMED_UNIT } },
      { test: { ...alone, name: 'sqlite-serial', include: TIMED_DB, exclude: pgTests, env: { TT_TEST_DB: 'sqlite' } } },
      ...(pgUrl
        ? [
            {
              test: {
                ...alone,
                name: 'postgres-serial',
                include: TIMED_DB,
                exclude: sqliteTests,
                env: { TT_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
      {
        test: { ...alone, name: 'browser', include: ['test/e2e/**/*.e2e.test.ts'], fileParallelism: false, testTimeout: 120_000 },
      },
    ],
  },
});
