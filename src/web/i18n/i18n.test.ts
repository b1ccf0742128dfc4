// The language files: every language has exactly the English keys (plural keys with exactly the plural forms the
// language's rules need), the same {{variables}} and <tags> as English, no key is unused by the web UI's code, and
// every error code the server sends has a sentence of the UI's own.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../shared/error-codes.js';
import { OIDC_LOGIN_ERRORS } from '../../shared/oidc-login-errors.js';
import { applyLanguage, browserLanguage, i18n, LANGUAGES, uiLanguage } from './index.js';
import de from './locales/de.js';
import en from './locales/en.js';
import es from './locales/es.js';
import fr from './locales/fr.js';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const SERVER = fileURLToPath(new URL('../../server', import.meta.url));
const FILES = { en, de, fr, es } as Record<string, unknown>;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const english = flatten(en);
/** Plural keys by their base (`entries.summary` → the English forms). */
const pluralBases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));

/** The keys a language must have: English's plain keys and, per plural base, one key per plural category. */
function expectedKeys(lang: string): string[] {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const plain = [...english.keys()].filter((k) => !PLURAL.test(k));
  const plural = [...pluralBases].flatMap((base) => categories.map((c) => `${base}_${c}`));
  return [...plain, ...plural].sort();
}

const variables = (s: string) => [...s.matchAll(/\{\{\s*([a-zA-Z]+)/g)].map((m) => m[1]).sort();
const tags = (s: string) => [...s.matchAll(/<\/?([a-z]+)>/g)].map((m) => m[0]).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [full] : [];
  });
}

describe('language files', () => {
  it.each(Object.keys(FILES))('%s has exactly the keys it needs: nothing missing, nothing extra', (lang) => {
    const keys = [...flatten(FILES[lang]).keys()].sort();
    const expected = expectedKeys(lang);
    expect({ missing: expected.filter((k) => !keys.includes(k)), extra: keys.filter((k) => !expected.includes(k)) }).toEqual({
      missing: [],
      extra: [],
    });
  });

  it.each(['de', 'fr', 'es'])('%s uses the same {{variables}} and <tags> as English, and no empty text', (lang) => {
    const problems: string[] = [];
    for (const [key, text] of flatten(FILES[lang])) {
      const source = english.get(key) ?? english.get(`${key.replace(PLURAL, '')}_other`) ?? '';
      if (!text.trim()) problems.push(`${key}: empty`);
      if (JSON.stringify(variables(text)) !== JSON.stringify(variables(source))) problems.push(`${key}: variables differ`);
      if (JSON.stringify(tags(text)) !== JSON.stringify(tags(source))) problems.push(`${key}: tags differ`);
    }
    expect(problems).toEqual([]);
  });

  it('names no tag after a void HTML element (i18next would leave it empty and put the words after it)', () => {
    const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
    const used = [...english].flatMap(([key, text]) =>
      [...text.matchAll(/<([a-z]+)>/g)].filter((m) => VOID.has(m[1] ?? '')).map((m) => `${key}: <${m[1]}>`),
    );
    expect(used).toEqual([]);
  });

  it('translates: only short words (names, abbreviations) and words the languages share read as in English', () => {
    const shared = new Set(['fr:shell.administration']);
    for (const lang of ['de', 'fr', 'es']) {
      const same = [...flatten(FILES[lang])].filter(
        ([k, v]) => english.get(k) === v && v.replace(/\{\{[^}]+\}\}/g, '').length > 12 && !shared.has(`${lang}:${k}`),
      );
      expect(same.map(([k]) => `${lang}:${k}`)).toEqual([]);
    }
  });

  it('every key is used by the web UI (t("…") or a key map), allowing for plural suffixes', () => {
    const code = sourceFiles(WEB)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const literals = new Set([...code.matchAll(/(['"`])([a-zA-Z_]+(?:\.[a-zA-Z0-9_]+)+)\1/g)].map((m) => m[2]));
    // Key families looked up with a computed last segment, each checked against its source of truth below.
    const dynamic = ['login.oidc.', 'errors.api.', 'telemetry.reasons.'];
    for (const family of dynamic) expect(code, family).toContain(`\`${family}\${`);
    const unused = [...english.keys()].filter((key) => {
      if (dynamic.some((d) => key.startsWith(d))) return false;
      return !literals.has(key) && !literals.has(key.replace(PLURAL, ''));
    });
    expect(unused).toEqual([]);
  });

  it('the SSO sign-in errors are the shared codes, and English says them as the server documents them', () => {
    expect(en.login.oidc).toEqual(OIDC_LOGIN_ERRORS);
  });

  it('every error code the server sends has a sentence of the UI', () => {
    const server = sourceFiles(SERVER)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    // Services throw AppError / conflict(); the error handler turns framework errors into its own codes.
    const handler = fs.readFileSync(path.join(SERVER, 'http/error-handler.ts'), 'utf8');
    const found = (text: string, patterns: RegExp[]) => patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] as string));
    const codes = new Set([
      ...found(server, [/new AppError\(\s*[^,]+,\s*'([a-z_]+)'/g, /conflict\(\s*'([a-z_]+)'/g, /ImportFileError\('([a-z_]+)'/g]),
      ...found(handler, [/\[\d{3}, '([a-z_]+)'/g, /code: '([a-z_]+)', message/g, /\? '([a-z_]+)' :/g]),
    ]);
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter((c) => !(c in en.errors.api));
    expect(missing).toEqual([]);
    // The shared list is the whole truth: the server sends nothing outside it, and the UI translates all of it.
    expect([...codes].filter((c) => !(API_ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
    expect(API_ERROR_CODES.filter((c) => !(c in en.errors.api))).toEqual([]);
  });
});

describe('switching languages', () => {
  it('maps tags to the UI languages and falls back to English', () => {
    expect(uiLanguage('de-AT')).toBe('de');
    expect(uiLanguage('fr')).toBe('fr');
    expect(uiLanguage('es-419')).toBe('es');
    expect(uiLanguage('ja')).toBe('en');
    expect(uiLanguage(undefined)).toBe('en');
    expect(LANGUAGES).toEqual(['en', 'de', 'fr', 'es']);
    expect(['en', 'de', 'fr', 'es']).toContain(browserLanguage());
  });

  it('loads a language on demand, then translates, pluralises and formats numbers in it', async () => {
    await applyLanguage('de-DE');
    expect(i18n.language).toBe('de');
    expect(i18n.t('nav.entries')).toBe('Zeiteinträge');
    expect(i18n.t('entries.summary', { count: 1, total: '1:00' })).toBe('1 Eintrag · 1:00 insgesamt');
    expect(i18n.t('entries.summary', { count: 12345, total: '3:00' })).toBe('12.345 Einträge · 3:00 insgesamt');

    await applyLanguage('fr');
    expect(i18n.t('bulk.deleted', { count: 1 })).toBe('1 entrée supprimée.');
    expect(i18n.t('bulk.deleted', { count: 2 })).toBe('2 entrées supprimées.');
    expect(i18n.t('bulk.deleted', { count: 1_000_000 })).toMatch(/^1\s000\s000 d’entrées supprimées\.$/);

    await applyLanguage('es');
    expect(i18n.t('import.importN', { count: 3 })).toBe('Importar 3 registros');

    await applyLanguage('en');
    expect(i18n.t('entries.summary', { count: 2, total: '2:00' })).toBe('2 entries · 2:00 total');
  });

  it('the last of several quick switches wins', async () => {
    const first = applyLanguage('fr');
    const second = applyLanguage('de');
    await Promise.all([first, second]);
    expect(i18n.language).toBe('de');
    await applyLanguage('en');
  });
});
