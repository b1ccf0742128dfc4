// The English messages of the shared field rules (fields.ts), by name: the web says each in the UI's language
// (web/i18n/errors.ts). A module of its own without zod, so the web's first load does not carry the validator.
/** The English messages of the shared rules, as the API sends them in `details.fields`. */
export const FIELD_MESSAGES = {
  empty: 'must not be empty',
  controlCharacters: 'must not contain control characters',
  nul: 'must not contain NUL characters',
  email: 'must be an e-mail address',
  amount: 'must be a non-negative amount with at most two decimals, e.g. "85.00"',
  negative: 'must not be negative',
  color: 'must be a color like #1a2b3c',
} as const;
export type FieldMessageName = keyof typeof FIELD_MESSAGES;
