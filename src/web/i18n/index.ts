// The UI's languages: one i18next instance, English bundled, German, French and Spanish loaded on demand (each is
// its own chunk, so the first load stays small). The signed-in user's `language` preference picks the language;
// before sign-in the browser's languages do. `<html lang>` follows.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.js';
import type { Messages } from './messages.js';

export const LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What the Settings page offers: each language in its own name (never translated). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch', fr: 'Français', es: 'Español' };

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Messages }>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
};

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  resources: { en: { translation: en } },
  nsSeparator: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
  react: { useSuspense: false },
  showSupportNotice: false,
});

/** The UI language for a BCP 47 tag (`de-AT` → `de`); English for anything else. */
export function uiLanguage(tag: string | null | undefined): Language {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : 'en';
}

/** The first of the browser's preferred languages the UI speaks (before sign-in). */
export function browserLanguage(): Language {
  const tags = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const lang = uiLanguage(tag);
    if (lang !== 'en' || tag.toLowerCase().startsWith('en')) return lang;
  }
  return 'en';
}

let pending: Promise<void> | null = null;
let wanted: Language = 'en';

/**
 * Loads the language's messages if needed, then switches every mounted component to it and sets `<html lang>`.
 * Never rejects: when a language file cannot be loaded (offline, a deploy replaced the chunk), the UI stays in the
 * language it speaks and the next call tries again.
 */
export function applyLanguage(tag: string | null | undefined): Promise<void> {
  const lang = uiLanguage(tag);
  wanted = lang;
  const load = async () => {
    if (lang !== 'en' && !i18n.hasResourceBundle(lang, 'translation')) {
      const messages = await loaders[lang]().then(
        (m) => m.default,
        () => null,
      );
      if (!messages) return;
      i18n.addResourceBundle(lang, 'translation', messages);
    }
    // A later call may have asked for another language while this one loaded: the last wish wins.
    if (wanted !== lang) return;
    await i18n.changeLanguage(lang);
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  };
  pending = (pending ?? Promise.resolve()).then(load, load);
  return pending;
}

/** The current UI language. */
export function currentLanguage(): Language {
  return uiLanguage(i18n.language);
}
