// The UI's own messages for the browser tests, so one test body runs in every language it is given: selectors and
// expected texts come from the locale files through typed keys (a renamed or removed key is a type error, and a
// key missing at run time throws instead of quietly matching its own name).
import { createInstance, type TFunction } from 'i18next';
import de from '../../src/web/i18n/locales/de.js';
import en from '../../src/web/i18n/locales/en.js';

/** The languages the main browser flows run in. */
export const TEST_LANGUAGES = ['en', 'de'] as const;
export type TestLanguage = (typeof TEST_LANGUAGES)[number];

/** The browser locale that goes with each language (before sign-in the UI follows it). */
export const BROWSER_LOCALE: Record<TestLanguage, string> = { en: 'en-US', de: 'de-DE' };

const i18n = createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: false,
  resources: { en: { translation: en }, de: { translation: de } },
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
  parseMissingKeyHandler: (key: string) => {
    throw new Error(`no message "${key}" in the locale files`);
  },
});

/** The UI's `t` in one language: `messages('de')('nav.entries')` is "Zeiteinträge". */
export function messages(lang: TestLanguage): TFunction<'translation'> {
  return i18n.getFixedT(lang);
}

/** A pattern that matches the text from its start (buttons whose name carries a shortcut hint or a count). */
export function startingWith(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}

/** The long weekday name of a UTC date, as Intl says it in the language. */
export function weekday(lang: TestLanguage, isoDate: string): string {
  return new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** An amount of money, as Intl says it in the language. */
export function money(lang: TestLanguage, amount: number, currency = 'EUR'): string {
  return new Intl.NumberFormat(lang, { style: 'currency', currency }).format(amount);
}

/** A stand-in for an interpolated value, to cut a message where the value would go: see upTo(). */
export const MARK = '\u0000';

/** The text of a message before `stop` (the first interpolated MARK by default): its fixed opening words. */
export function upTo(message: string, stop = MARK): string {
  const at = message.indexOf(stop);
  return at < 0 ? message : message.slice(0, at);
}
