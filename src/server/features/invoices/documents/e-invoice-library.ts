// The one place that calls @e-invoice-eu/core: its schema check of the data, then its formatter for the format.
// Version 2.3.4 (the newest published) drops BT-25, the preceding invoice of a credit note, from CII and Factur-X:
// its CII mapping reads `cbc:ID` directly under `cac:BillingReference` (upstream issue #455, fixed in its sources
// after that release), while its own schema only allows it inside `cac:InvoiceDocumentReference`. So the data is
// checked as it should be, and the CII formatter gets a copy with the number in the place it reads it from.
// Remove `withCiiBillingReference` once a release with the fix is installed (invoice-xml.test.ts keeps BT-25).
import { AppError } from '../../../http/errors.js';
import type { FormatFactoryService, Invoice, InvoiceService, InvoiceServiceOptions } from '@e-invoice-eu/core';

// The library logs through this; an invoice rendered in a request must not write to the console.
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
// Loaded on the first e-invoice: importing it costs most of a second of CPU, which every start of the server and
// the CLI (and every test file) would otherwise pay.
let loaded: Promise<{ service: InvoiceService; factory: FormatFactoryService }> | undefined;
const library = () =>
  (loaded ??= import('@e-invoice-eu/core').then((m) => ({
    service: new m.InvoiceService(quiet),
    factory: new m.FormatFactoryService(),
  })));

/**
 * The library refuses data its schema does not allow with an error object that looks like a request validation
 * error to the HTTP layer; it is turned into a 409 `invoice_incomplete` naming the library's findings instead.
 */
export async function generateEInvoice(invoice: Invoice, options: InvoiceServiceOptions): Promise<string | Uint8Array> {
  try {
    return await generateChecked(invoice, options);
  } catch (error) {
    const findings = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
    if (!Array.isArray(findings)) throw error;
    const fields = Object.fromEntries(
      findings.slice(0, 20).map((f, i) => [f.instancePath || `rule ${i + 1}`, f.message ?? 'is not valid']),
    );
    throw new AppError(409, 'invoice_incomplete', `The ${options.format} document cannot be made from this invoice's data.`, {
      fields,
    });
  }
}

async function generateChecked(invoice: Invoice, options: InvoiceServiceOptions): Promise<string | Uint8Array> {
  const { service, factory } = await library();
  const references = invoice['ubl:Invoice']['cac:BillingReference'];
  if (factory.info(options.format).syntax !== 'CII' || !references?.length) return service.generate(invoice, options);
  // The library's full check of the data (its JSON schema) runs on the UBL rendering of the same invoice.
  await service.generate(invoice, { format: 'UBL', lang: options.lang, noWarnings: true });
  const formatter = factory.createFormatService(options.format, quiet);
  const patched = withCiiBillingReference(invoice);
  formatter.fillInvoiceDefaults(patched);
  return formatter.generate(patched, { ...options, format: factory.normalizeFormat(options.format) });
}

function withCiiBillingReference(invoice: Invoice): Invoice {
  const copy = structuredClone(invoice);
  const references = copy['ubl:Invoice']['cac:BillingReference'] ?? [];
  for (const ref of references) {
    const reference = ref as typeof ref & { 'cbc:ID'?: string };
    reference['cbc:ID'] = ref['cac:InvoiceDocumentReference']['cbc:ID'];
  }
  return copy;
}
