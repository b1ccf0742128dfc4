// Finds English on a page that should speak German. Three nets, each catching what the others miss:
// - fragments: every English message that reads differently in German, split at its {{variables}} and <tags>
//   (a message the page shows in English, in part or whole);
// - exact values: a text line, option, label or title that IS an English message differing from its German one,
//   however short ("Day", "Off") — the fragment net skips pieces of three letters or fewer;
// - common words: everyday English UI words and Intl's English day and month names, which catch text that never
//   went through the locale files at all (a hard-coded string, a date formatted in the wrong language).
// Words and messages German uses as well ("Start", "Status", "Dashboard") never count. What the account itself
// contains (names, notes, tags) and literal identifiers (<code>, <pre>, <kbd>) are removed first.
import type { Page } from 'playwright-core';
import de from '../../src/web/i18n/locales/de.js';
import en from '../../src/web/i18n/locales/en.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const wordPattern = (words: string, flags = 'u') => new RegExp(`(^|[^\\p{L}])${escape(words)}($|[^\\p{L}])`, flags);
const wordIn = (text: string, words: string, flags = 'u') => wordPattern(words, flags).test(text);

/** The words with a little of the text around them, to say where they were found. */
function inContext(text: string, words: string, flags: string): string {
  const at = text.search(wordPattern(words, flags));
  return `${words} in “${text.slice(Math.max(0, at - 30), at + words.length + 30).replace(/\s+/g, ' ')}”`;
}

const GERMAN = flatten(de);
const ALL_GERMAN = [...GERMAN.values()].join('\n');
const GERMAN_VALUES = new Set([...GERMAN.values()].map((v) => v.trim()));

/** English messages (with their German counterpart's key) that read differently in German. */
function differingEnglish(): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, text] of flatten(en)) {
    const translated = GERMAN.get(key) ?? GERMAN.get(key.replace(/_(one|other)$/, '_other')) ?? '';
    if (translated !== text) out.push([key, text]);
  }
  return out;
}

function englishFragments(): string[] {
  const out = new Set<string>();
  for (const [, text] of differingEnglish()) {
    for (const raw of text.split(/\{\{[^}]*\}\}|<[^>]+>/)) {
      const piece = raw.trim().replace(/^[\s(:,·–—.]+|[\s(:,·–—]+$/g, '');
      if (piece.length <= 3 || !/[a-z]{2}/i.test(piece) || wordIn(ALL_GERMAN, piece)) continue;
      out.add(piece);
    }
  }
  return [...out];
}

function exactEnglishValues(): Set<string> {
  const out = new Set<string>();
  for (const [, text] of differingEnglish()) {
    const value = text.trim();
    if (/\{\{|</.test(value) || !/\p{L}{2}/u.test(value) || GERMAN_VALUES.has(value)) continue;
    out.add(value);
  }
  return out;
}

/** Everyday English UI words (matched as whole words, any case) and Intl's English names of days and months. */
const COMMON_WORDS = [
  ...['the', 'and', 'or', 'of', 'to', 'with', 'your', 'you', 'this', 'is', 'are', 'not', 'no', 'yes'],
  ...['new', 'add', 'edit', 'delete', 'save', 'cancel', 'close', 'search', 'loading', 'settings', 'create'],
  ...['entry', 'entries', 'project', 'projects', 'client', 'clients', 'task', 'tasks', 'report', 'reports'],
  ...['today', 'yesterday', 'week', 'month', 'year', 'day', 'hours', 'minutes', 'billable', 'amount', 'rate'],
  ...['sign in', 'sign out', 'password', 'username', 'user', 'users', 'role', 'error', 'failed', 'please'],
  ...['try again', 'something went wrong', 'select', 'selected', 'nothing', 'yet', 'back', 'done', 'undo'],
  ...['archived', 'active', 'deactivated', 'paused', 'resume', 'pause', 'stop', 'welcome', 'filters', 'period'],
  ...['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  ...['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  ...['January', 'February', 'March', 'May', 'June', 'July', 'October', 'December'],
].filter((word) => !wordIn(ALL_GERMAN, word, 'iu'));

export const FRAGMENTS = englishFragments();
export const EXACT_VALUES = exactEnglishValues();
export const ENGLISH_WORDS = COMMON_WORDS;

/** API token scopes (`read:reports`) are identifiers the API defines, shown as they are. */
const SCOPE = /\b(?:read|write|admin):[a-z_*]+/g;

/**
 * Visible text lines, option texts, placeholders, labels and titles of the page, without the account's own data
 * and without literal identifiers (<code>, <pre>, <kbd>: scopes, variables, payloads, keys).
 */
async function visibleParts(page: Page, userData: readonly string[]): Promise<string[]> {
  const { parts, literals } = await page.evaluate(() => {
    const parts = [...document.body.innerText.split('\n'), document.title];
    for (const el of document.querySelectorAll<HTMLElement>('option, [placeholder], [aria-label], [title]')) {
      if (el.tagName === 'OPTION') parts.push(el.textContent ?? '');
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(attr);
        if (value) parts.push(value);
      }
    }
    // Identifiers, not words: time zone ids (`Port of Spain`), and the telemetry counters' names, which the
    // Telemetry page shows as the server's keys (queued, sent, failed…) until it names them in the UI's language.
    const identifiers = [
      ...document.querySelectorAll<HTMLElement>('code, pre, kbd, dl.counters dt'),
      ...[...document.querySelectorAll<HTMLOptionElement>('option')].filter((o) => o.value.includes('/')),
    ];
    return { parts, literals: identifiers.map((el) => el.innerText || el.textContent || '').filter(Boolean) };
  });
  // Longest first: a shortcut's one-letter <kbd> ("n") removed before a note that contains it would cut the note
  // into pieces no longer recognised as the account's own text.
  const removed = [...literals, ...userData].sort((a, b) => b.length - a.length);
  return parts
    .map((part) => part.replace(SCOPE, ' ').trim())
    .filter((part) => part && !removed.includes(part))
    .map((part) => removed.reduce((text, data) => text.split(data).join(' '), part));
}

/** Every English text on the page, each with the net that caught it. */
export async function englishOn(page: Page, userData: readonly string[]): Promise<string[]> {
  const parts = await visibleParts(page, userData);
  const text = parts.join('\n');
  const found = new Set<string>();
  for (const fragment of FRAGMENTS) if (wordIn(text, fragment)) found.add(`message: ${inContext(text, fragment, 'u')}`);
  for (const part of parts) if (EXACT_VALUES.has(part)) found.add(`message: ${part}`);
  for (const word of ENGLISH_WORDS) if (wordIn(text, word, 'iu')) found.add(`word: ${inContext(text, word, 'iu')}`);
  return [...found];
}
