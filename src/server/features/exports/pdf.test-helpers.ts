// Tests read PDFs as poppler's pdftotext does (what a reader copying from the file gets).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** The text of a PDF; `layout` keeps each table row on one line (cells separated by spaces). */
export function pdfText(pdf: Buffer, options: { layout?: boolean } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'file.pdf'), pdf);
    const args = ['-enc', 'UTF-8', ...(options.layout ? ['-layout'] : []), path.join(dir, 'file.pdf'), '-'];
    return execFileSync('pdftotext', args, { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
