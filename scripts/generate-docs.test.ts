import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCUMENTS, REPOSITORY_ROOT } from './generate-docs.js';

describe('generated documents', () => {
  it.each(GENERATED_DOCUMENTS.map((doc) => [doc.path, doc] as const))(
    '%s matches the code it is generated from',
    async (docPath, doc) => {
      const file = path.join(REPOSITORY_ROOT, docPath);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
      expect(committed, `${docPath} is out of date: run \`npm run docs\` and commit the result`).toBe(await doc.render());
    },
  );
});
