import type { TestProject } from 'vitest/node';
import { compileSources } from './compiled-sources.js';
import { createPgTemplate, dropPgDatabase, PG_TEMPLATE_KEY } from './pg-template.js';

// Once per test run: compiles what child processes of tests run (test/compiled-sources.ts), migrates the
// PostgreSQL template the test databases are copied from (test/pg-template.ts; provided to the workers of every
// project, the root's context is inherited), and says loudly when the PostgreSQL suite does not run; under CI that
// is a failure, not a skip.
const BANNER = [
  '',
  '################################################################################',
  '#  PostgreSQL suite SKIPPED: TT_TEST_PG_URL is not set.                        #',
  '#  Only SQLite was tested. Start a throwaway cluster and export its URL:       #',
  '#    export TT_TEST_PG_URL=$(scripts/pg-throwaway.sh .pg-test)                 #',
  '################################################################################',
  '',
].join('\n');

export default async function setup(project: TestProject): Promise<() => void | Promise<void>> {
  const pgUrl = process.env.TT_TEST_PG_URL;
  const [template] = await Promise.all([pgUrl ? createPgTemplate(pgUrl) : undefined, compileSources()]);
  if (pgUrl && template) {
    project.provide(PG_TEMPLATE_KEY, template);
    return () => dropPgDatabase(pgUrl, template);
  }
  if (process.env.CI) {
    throw new Error('CI requires the PostgreSQL suite, but TT_TEST_PG_URL is not set (.ci/run starts the cluster).');
  }
  console.warn(BANNER);
  return () => console.warn(BANNER);
}
