// What the PDF exports share: an A4 document with the embedded fonts, a title with header lines, a table whose
// header repeats on every page (cells of one line, or a few wrapped lines), and "Page x of y" on every page.
import { PassThrough, type Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { BODY_FONT, BOLD_FONT, drawLine, registerFonts } from './pdf-text.js';

const MARGIN = { portrait: 50, landscape: 36 };
const FOOTER = 30;
const CELL_PAD = 4;
const FONT_SIZE = 8.5;
const LINE = 11;

export interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  /** Lines a cell may wrap to (1: cut with an ellipsis). */
  maxLines?: number;
}

export interface PdfDocument {
  doc: PDFKit.PDFDocument;
  out: Readable;
  /** Width between the margins. */
  width: number;
  margin: number;
}

export function createPdf(title: string, layout: 'portrait' | 'landscape' = 'portrait'): PdfDocument {
  const margin = MARGIN[layout];
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margin,
    bufferPages: true,
    info: { Title: title, Producer: 'TimeTracker', Creator: 'TimeTracker' },
  });
  const out = new PassThrough();
  doc.pipe(out);
  registerFonts(doc);
  doc.font(BOLD_FONT).fontSize(18).text(title);
  doc.moveDown(0.4).font(BODY_FONT).fontSize(10);
  return { doc, out, width: doc.page.width - 2 * margin, margin };
}

/** One header line of possibly user-made text (names in any script, see pdf-text.ts). */
export function headerLine({ doc, width, margin }: PdfDocument, text: string): void {
  const y = doc.y;
  drawLine(doc, text, margin, y, { width });
  doc.x = margin;
  doc.y = y + doc.currentLineHeight(true);
}

/** `text` cut into at most `maxLines` lines that fit `width` (word by word; the last one gets the rest). */
function wrap(doc: PDFKit.PDFDocument, text: string, width: number, maxLines: number): string[] {
  const words = text.replace(/[\r\n\t]+/g, ' ').split(/(?<= )/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && doc.widthOfString(line + word) > width && lines.length < maxLines - 1) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

export class PdfTable {
  constructor(
    private readonly pdf: PdfDocument,
    private readonly columns: Column[],
  ) {}

  get columnCount(): number {
    return this.columns.length;
  }

  private bottom(): number {
    const { doc, margin } = this.pdf;
    return doc.page.height - margin - FOOTER;
  }

  header(): void {
    this.row(
      this.columns.map((c) => c.title),
      true,
    );
    this.rule();
  }

  rule(): void {
    const { doc, width, margin } = this.pdf;
    doc
      .moveTo(margin, doc.y)
      .lineTo(margin + width, doc.y)
      .lineWidth(0.8)
      .strokeColor('#999999')
      .stroke();
  }

  /** One row; a new page (with the header again) when it does not fit. */
  row(cells: string[], bold = false): void {
    const { doc, margin } = this.pdf;
    doc.font(bold ? BOLD_FONT : BODY_FONT).fontSize(FONT_SIZE);
    const wrapped = cells.map((cell, i) => {
      const col = this.columns[i] as Column;
      return wrap(doc, cell, col.width - 2 * CELL_PAD, col.maxLines ?? 1);
    });
    const height = Math.max(...wrapped.map((lines) => lines.length)) * LINE + 6;
    if (doc.y + height > this.bottom()) {
      doc.addPage();
      this.header();
      doc.font(bold ? BOLD_FONT : BODY_FONT).fontSize(FONT_SIZE);
    }
    const y = doc.y;
    let x = margin;
    wrapped.forEach((lines, i) => {
      const col = this.columns[i] as Column;
      lines.forEach((line, n) =>
        drawLine(doc, line, x + CELL_PAD, y + 4 + n * LINE, { width: col.width - 2 * CELL_PAD, align: col.align }),
      );
      x += col.width;
    });
    doc.x = margin;
    doc.y = y + height;
  }
}

/** Lines of body text below a table (a new page when one does not fit). */
export function textLines(pdf: PdfDocument, lines: string[]): void {
  const { doc, margin } = pdf;
  doc.moveDown(0.6).font(BODY_FONT).fontSize(10).fillColor('#000000');
  for (const line of lines) {
    if (doc.y + 24 > doc.page.height - margin - FOOTER) doc.addPage();
    headerLine(pdf, line);
  }
}

/** Paragraphs below the table in small print (a new page when one does not fit). */
export function smallPrint(pdf: PdfDocument, paragraphs: string[]): void {
  const { doc, width, margin } = pdf;
  doc.moveDown(1).font(BODY_FONT).fontSize(8.5).fillColor('#444444');
  for (const text of paragraphs) {
    if (doc.y + 36 > doc.page.height - margin - FOOTER) doc.addPage();
    doc.text(text, margin, doc.y, { width });
  }
}

/** Writes "Page x of y" (in the document's words) on every page and ends the document. */
export function finishWithPageNumbers(pdf: PdfDocument, pageLabel: (page: number, pages: number) => string): void {
  const { doc, width, margin } = pdf;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would start a new page; lift it for the footer.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(BODY_FONT)
      .fontSize(8.5)
      .fillColor('#666666')
      .text(pageLabel(i + 1 - range.start, range.count), margin, doc.page.height - margin, {
        width,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
}
