// Text in PDF exports: an embedded Unicode font (DejaVu Sans, from the dejavu-fonts-ttf package) instead of
// the PDF standard fonts, which know only Latin-1 and garbled everything else; and right-to-left runs
// (Hebrew, Arabic) put in visual order with the Unicode bidi algorithm (bidi-js), while fontkit, pdfkit's
// layout engine, shapes each run (Arabic joining forms) and lays an RTL run out right to left.
// DejaVu has no CJK glyphs: such characters print as a visible replacement mark (docs/exports.md).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import bidiModule, { type Bidi } from 'bidi-js';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const fontFile = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);

/** Font names registered on every document (see registerFonts). */
export const BODY_FONT = 'Body';
export const BOLD_FONT = 'Bold';

let fontBytes: { body: Buffer; bold: Buffer } | undefined;
let coverage: fontkit.Font | undefined;

function fonts(): { body: Buffer; bold: Buffer } {
  fontBytes ??= { body: fs.readFileSync(fontFile('DejaVuSans.ttf')), bold: fs.readFileSync(fontFile('DejaVuSans-Bold.ttf')) };
  return fontBytes;
}

/** Registers the embedded fonts (only the glyphs used end up in the file). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const { body, bold } = fonts();
  doc.registerFont(BODY_FONT, body);
  doc.registerFont(BOLD_FONT, bold);
}

/** What is drawn for a character the font has no glyph for (visibly missing, not silently another letter). */
export const MISSING_GLYPH = '\ufffd';

/** `text` with every character the embedded font cannot draw replaced by MISSING_GLYPH. */
export function printable(text: string): string {
  coverage ??= fontkit.create(fonts().body) as fontkit.Font;
  const font = coverage;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    // Joiners and variation selectors have no glyph of their own but shape their neighbours.
    const invisible = cp === 0x200d || cp === 0x200c || (cp >= 0xfe00 && cp <= 0xfe0f) || cp < 0x20;
    out += invisible || font.hasGlyphForCodePoint(cp) ? ch : MISSING_GLYPH;
  }
  return out;
}

// bidi-js is a UMD bundle whose module value is the factory; its types describe an ES default export.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ?? bidiModule) as unknown as () => Bidi;
const bidi = bidiFactory();
/** Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo, … and their presentation forms). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

export function hasRtl(text: string): boolean {
  return RTL.test(text);
}

export interface Run {
  text: string;
  /** An odd bidi level: laid out right to left. */
  rtl: boolean;
}

/**
 * One line's pieces in visual order (left to right on the page). pdfkit lays out a string word by word and
 * fontkit reverses and shapes an RTL word itself, so an RTL run is cut into its words and spaces, in
 * reverse order, each word's letters in logical order. An RTL run without RTL letters (spaces and
 * punctuation only) is reversed here, since fontkit would lay it out left to right.
 */
export function visualRuns(text: string): Run[] {
  if (text === '') return [];
  const { levels } = bidi.getEmbeddingLevels(text);
  const runs: { text: string; level: number }[] = [];
  for (let i = 0; i < text.length; ) {
    const level = levels[i]!;
    let j = i + 1;
    while (j < text.length && levels[j] === level) j++;
    runs.push({ text: text.slice(i, j), level });
    i = j;
  }
  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence of runs at that
  // level or above.
  const highest = Math.max(...runs.map((r) => r.level));
  const lowestOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : Infinity)));
  for (let level = highest; level >= lowestOdd && Number.isFinite(lowestOdd); level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.flatMap((r): Run[] => {
    if (r.level % 2 === 0) return [{ text: r.text, rtl: false }];
    if (!hasRtl(r.text)) return [{ text: [...r.text].reverse().join(''), rtl: true }];
    return (r.text.match(/\S+|\s+/g) ?? []).reverse().map((word) => ({ text: word, rtl: true }));
  });
}

export interface TextBox {
  width: number;
  align?: 'left' | 'right';
}

/**
 * Draws one line of user text at (x, y) in the current font: cut with an ellipsis to `width`, missing glyphs
 * marked, right-to-left runs in visual order.
 */
export function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, box: TextBox): void {
  let shown = printable(text.replace(/[\r\n\t]+/g, ' '));
  if (doc.widthOfString(shown) > box.width) {
    const chars = [...shown];
    while (chars.length > 0 && doc.widthOfString(`${chars.join('')}…`) > box.width) chars.pop();
    shown = `${chars.join('')}…`;
  }
  if (!hasRtl(shown)) {
    doc.text(shown, x, y, { width: box.width, align: box.align ?? 'left', lineBreak: false });
    return;
  }
  const runs = visualRuns(shown);
  const widths = runs.map((r) => doc.widthOfString(r.text));
  let at = box.align === 'right' ? x + box.width - widths.reduce((a, b) => a + b, 0) : x;
  runs.forEach((run, i) => {
    doc.text(run.text, at, y, { lineBreak: false });
    at += widths[i]!;
  });
}
