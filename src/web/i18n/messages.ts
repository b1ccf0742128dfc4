// The shape every language file must have: the English file's keys, each a string. A plural key `x_other` may
// have a `x_many` sibling (French and Spanish use it for large round numbers); i18n.test.ts checks that each
// language has exactly the plural forms its rules need.
import type en from './locales/en.js';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> } & {
  [K in keyof T as K extends `${infer Base}_other` ? `${Base}_many` : never]?: string;
};

export type Messages = Shape<typeof en>;
