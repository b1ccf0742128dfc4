// The API's errors in the UI's language: the UI says its own sentence for each error code the server sends (the
// server's `message` is English and stays for logs and the API); unknown codes get a sentence by HTTP status.
// Field-level messages (`details.fields` of validation_failed, and the same shared rules checked by the forms) get
// the UI's sentence when they are one of the shared rules' messages; any other is shown as the server wrote it only
// when the UI speaks English, and other languages get a translated "not valid" next to the field.
import type { ApiErrorCode } from '../../shared/error-codes.js';
import { FIELD_MESSAGES, type FieldMessageName } from '../../shared/schemas/field-messages.js';
import { currentLanguage, i18n } from './index.js';
import type en from './locales/en.js';

/** The API's codes and the UI's own fallbacks (`conflict`, `rate_limited_seconds`, …), each with a sentence. */
type TranslatedCode = keyof (typeof en)['errors']['api'];
/** Every code the server sends has a sentence in the UI: this line fails to compile while one is missing. */
const _everyApiErrorCodeTranslated: [Exclude<ApiErrorCode, TranslatedCode>] extends [never] ? true : never = true;

function isKnownCode(code: string): code is TranslatedCode {
  return Object.prototype.hasOwnProperty.call(i18n.getResourceBundle('en', 'translation').errors.api, code);
}

/** The sentence the UI shows for an API error. */
export function apiErrorMessage(status: number, code: string, details: Record<string, unknown>): string {
  if (code === 'network') return i18n.t('errors.network');
  if (code === 'rate_limited' && typeof details.retry_after_seconds === 'number') {
    return i18n.t('errors.api.rate_limited_seconds', { seconds: String(details.retry_after_seconds) });
  }
  if (code === 'validation_failed' && currentLanguage() === 'en' && details.fields && typeof details.fields === 'object') {
    const parts = Object.entries(details.fields as Record<string, unknown>).map(
      ([f, m]) => `${f.replace(/_/g, ' ')} ${String(m)}`,
    );
    if (parts.length > 0) return i18n.t('errors.checkFields', { fields: parts.join('; ') });
  }
  if (isKnownCode(code)) return i18n.t(`errors.api.${code}`);
  if (status === 401) return i18n.t('errors.api.unauthenticated');
  if (status === 403) return i18n.t('errors.api.forbidden');
  if (status === 404) return i18n.t('errors.api.not_found');
  if (status === 409) return i18n.t('errors.api.conflict');
  if (status === 429) return i18n.t('errors.api.rate_limited');
  if (status >= 500) return i18n.t('errors.api.internal');
  if (status > 0) return i18n.t('errors.http', { status: String(status) });
  return i18n.t('errors.generic');
}

/** The UI's sentence for each shared field rule's message. */
const FIELD_SENTENCES = {
  empty: 'errors.fields.empty',
  controlCharacters: 'errors.fields.controlCharacters',
  nul: 'errors.fields.nul',
  email: 'errors.fields.email',
  amount: 'common.amountExample',
  negative: 'errors.fields.negative',
  color: 'errors.fields.color',
} as const satisfies Record<FieldMessageName, string>;
const SHARED_RULE_BY_MESSAGE = new Map(
  Object.entries(FIELD_MESSAGES).map(([name, text]) => [text as string, name as FieldMessageName]),
);

/** The sentence of a shared field rule's message (from the API or from a form's check), if it is one. */
export function sharedRuleMessage(serverText: string): string | undefined {
  const rule = SHARED_RULE_BY_MESSAGE.get(serverText);
  return rule ? i18n.t(FIELD_SENTENCES[rule]) : undefined;
}

/**
 * A field's error from the server's `details.fields` or a form's check with the shared schemas: the UI's sentence
 * for a shared rule; other texts in their own words in English, a translated "not valid" otherwise.
 */
export function fieldMessage(serverText: string): string {
  const shared = sharedRuleMessage(serverText);
  if (shared) return shared;
  if (currentLanguage() !== 'en') return i18n.t('errors.fieldInvalid');
  return serverText.charAt(0).toUpperCase() + serverText.slice(1);
}
