// Typed keys: t('missing.key') is a type error, and so is a key that needs interpolation values without them.
import 'i18next';
import type en from './locales/en.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    nsSeparator: false;
    resources: { translation: typeof en };
  }
}
