// EN 16931 credit notes (type 381) state what is credited as positive amounts: the type code already says the
// money flows back. A credit note built as the negated copy of its invoice is turned around here (quantities,
// nets and taxes; unit prices keep their sign), so the XML and the PDF show the same positive figures either way.
import type { InvoiceDocument } from '../invoice-document.js';

export function creditNoteAmounts(doc: InvoiceDocument): InvoiceDocument {
  if (doc.type_code !== '381' || doc.gross_cents >= 0) return doc;
  const neg = (n: number) => (n === 0 ? 0 : -n);
  return {
    ...doc,
    lines: doc.lines.map((l) => ({ ...l, quantity: neg(l.quantity), net_cents: neg(l.net_cents) })),
    taxes: doc.taxes.map((t) => ({ ...t, taxable_cents: neg(t.taxable_cents), tax_cents: neg(t.tax_cents) })),
    net_cents: neg(doc.net_cents),
    tax_cents: neg(doc.tax_cents),
    gross_cents: neg(doc.gross_cents),
  };
}
