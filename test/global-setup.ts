import { compileSources } from './compiled-sources.js';

// Once per test run: compiles what child processes of tests run (test/compiled-sources.ts), and says loudly when
// the PostgreSQL suite does not run; under CI that is a failure, not a skip.
const BANNER = [
  '',
  '################################################################################',
  '#  PostgreSQL suite SKIPPED: TT_TEST_PG_URL is not set.                        #',
  '#  Only SQLite was tested. Start a throwaway cluster and export its URL:       #',
  '#    export TT_TEST_PG_URL=$(scripts/pg-throwaway.sh .pg-test)                 #',
  '################################################################################',
  '',
].join('\n');

export default async function setup(): Promise<() => void> {
  await compileSources();
  if (process.env.TT_TEST_PG_URL) return () => undefined;
  if (process.env.CI) {
    throw new Error('CI requires the PostgreSQL suite, but TT_TEST_PG_URL is not set (.ci/run starts the cluster).');
  }
  console.warn(BANNER);
  return () => console.warn(BANNER);
}
