// `npm run docs`: writes every document generated from code. `npm run docs -- --check` only compares and
// exits 1 when one is out of date. scripts/generate-docs.test.ts runs the same comparison in the test suite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigurationDoc } from '../src/server/config/config-doc.js';
import { renderAnalyticsDoc } from '../src/server/features/analytics/analytics-doc.js';
import { renderPrivacyDoc } from '../src/server/features/analytics/privacy-doc.js';

export interface GeneratedDocument {
  /** Path inside the repository. */
  path: string;
  render(): string;
}

/** Add a generated document here: one line. */
export const GENERATED_DOCUMENTS: GeneratedDocument[] = [
  { path: 'docs/configuration.md', render: () => renderConfigurationDoc() },
  { path: 'docs/analytics.md', render: () => renderAnalyticsDoc() },
  { path: 'docs/privacy.md', render: () => renderPrivacyDoc() },
];

export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The documents whose committed text differs from what the code generates now. */
export function outdatedDocuments(): GeneratedDocument[] {
  return GENERATED_DOCUMENTS.filter((doc) => {
    const file = path.join(REPOSITORY_ROOT, doc.path);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== doc.render();
  });
}

function main(args: string[]): number {
  if (args.includes('--check')) {
    const outdated = outdatedDocuments();
    for (const doc of outdated) process.stderr.write(`${doc.path} is out of date: run \`npm run docs\`.\n`);
    return outdated.length === 0 ? 0 : 1;
  }
  for (const doc of GENERATED_DOCUMENTS) {
    const file = path.join(REPOSITORY_ROOT, doc.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, doc.render());
    process.stdout.write(`wrote ${doc.path}\n`);
  }
  return 0;
}

// Runs only as a script, not when the test imports the list.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
