// Tags as people type them: comma-separated, trimmed, each once (ignoring case), in the order typed.
/** Comma-separated tags in one text field (tags are case-insensitive names). */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      out.push(tag);
    }
  }
  return out;
}
