// `npm run docs`: writes every document generated from code. `npm run docs -- --check` only compares and
// exits 1 when one is out of date. scripts/generate-docs.test.ts runs the same comparison in the test suite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConfigurationDoc } from '../src/server/config/config-doc.js';
import { renderAnalyticsDoc } from '../src/server/features/analytics/analytics-doc.js';
import { renderPrivacyDoc } from '../src/server/features/analytics/privacy-doc.js';
import { API_TYPES_PATH, renderApiTypes } from './generate-api-types.js';

export interface GeneratedDocument {
  /** Path inside the repository. */
  path: string;
  render(): string | Promise<string>;
}

/** Add a generated document here: one line. */
export const GENERATED_DOCUMENTS: GeneratedDocument[] = [
  { path: 'docs/configuration.md', render: () => renderConfigurationDoc() },
  { path: 'docs/analytics.md', render: () => renderAnalyticsDoc() },
  { path: 'docs/privacy.md', render: () => renderPrivacyDoc() },
  // Not a document people read, but generated from code and checked the same way: the web's API types.
  { path: API_TYPES_PATH, render: () => renderApiTypes() },
];

export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The documents whose committed text differs from what the code generates now. */
export async function outdatedDocuments(): Promise<GeneratedDocument[]> {
  const outdated: GeneratedDocument[] = [];
  for (const doc of GENERATED_DOCUMENTS) {
    const file = path.join(REPOSITORY_ROOT, doc.path);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== (await doc.render())) outdated.push(doc);
  }
  return outdated;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--check')) {
    const outdated = await outdatedDocuments();
    for (const doc of outdated) process.stderr.write(`${doc.path} is out of date: run \`npm run docs\`.\n`);
    return outdated.length === 0 ? 0 : 1;
  }
  for (const doc of GENERATED_DOCUMENTS) {
    const file = path.join(REPOSITORY_ROOT, doc.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await doc.render());
    process.stdout.write(`wrote ${doc.path}\n`);
  }
  return 0;
}

// Runs only as a script, not when the test imports the list.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
