// What users type into the catalog forms' number fields, as the API takes it. Decimal commas are accepted; a value
// that is not a number is passed on as NaN so the shared schema refuses it next to its field.
import type { z } from 'zod';

/** A decimal amount ("85,50" too) as the API's money string; empty is none. */
export const moneyText = (text: string) => (text.trim() ? text.trim().replace(',', '.') : null);

/** Hours ("1,5" too); empty is none. */
export const hoursText = (text: string) => (text.trim() ? Number(text.trim().replace(',', '.')) : null);

/**
 * A form's values → its request body → the shared schema the server validates the body with, so the form refuses
 * exactly what the API would, with the same messages on the same field names. (zod's types want the body schema's
 * input to be the body type; the shared schemas accept wider input, which is what makes the cast safe.)
 */
export function checkedBy<V, B>(form: z.ZodType<V>, toBody: (values: V) => B, shared: z.ZodType): z.ZodType<unknown, V> {
  return form.transform(toBody).pipe(shared as unknown as z.ZodType<unknown, Awaited<B>>) as z.ZodType<unknown, V>;
}
