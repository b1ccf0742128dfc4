// Invoice number patterns such as "{YYYY}-{seq:4}" → "2026-0042". The sequence a number is drawn from is the
// pattern with its date parts filled in, so a pattern with the year starts again at 1 each year, one without it
// never does, and changing the pattern starts a new sequence instead of reusing numbers.

const TOKEN = /\{(YYYY|YY|MM|seq(?::(\d{1,2}))?)\}/g;
const ALLOWED_TEXT = /^[A-Za-z0-9 ._\-/#]*$/;

/** null when the pattern is usable: exactly one {seq} or {seq:N} (N 1–10), known tokens only, safe text. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > 40) return 'must be 1–40 characters';
  const seqTokens = [...pattern.matchAll(TOKEN)].filter((m) => m[1]!.startsWith('seq'));
  if (seqTokens.length !== 1) return 'must contain {seq} (or {seq:N} for N digits) exactly once';
  const width = seqTokens[0]![2];
  if (width !== undefined && (Number(width) < 1 || Number(width) > 10)) return '{seq:N} needs N from 1 to 10';
  const text = pattern.replace(TOKEN, '');
  if (/[{}]/.test(text)) return 'knows only the tokens {YYYY}, {YY}, {MM} and {seq:N}';
  if (!ALLOWED_TEXT.test(text)) return 'may contain letters, digits, spaces and . _ - / # besides its tokens';
  return null;
}

function fillDate(pattern: string, year: number, month: number): string {
  return pattern.replace(TOKEN, (whole, name: string) => {
    if (name === 'YYYY') return String(year).padStart(4, '0');
    if (name === 'YY') return String(year % 100).padStart(2, '0');
    if (name === 'MM') return String(month).padStart(2, '0');
    return whole;
  });
}

/** The counter a number is drawn from: the pattern with the issue date's year and month filled in. */
export function sequenceKey(pattern: string, issueDate: string): string {
  const [year, month] = issueDate.split('-').map(Number);
  return fillDate(pattern, year!, month!);
}

/** The invoice number for the `seq`-th invoice of its sequence. */
export function formatInvoiceNumber(pattern: string, issueDate: string, seq: number): string {
  return sequenceKey(pattern, issueDate).replace(TOKEN, (_whole, _name: string, width?: string) =>
    String(seq).padStart(width ? Number(width) : 1, '0'),
  );
}
