// What invoicing needs of the app: the database and the configuration, and who acts (their time zone and report
// rounding decide dates and quantities). Narrower than AppContext and Principal so the CLI can invoice too.
import type { AppContext } from '../../app-context.js';
import type { UserRow } from '../../db/schema.js';

/** `live` is the app's: entries locked or freed show so in their owners' open tabs (the CLI has none to tell). */
export type InvoiceContext = Pick<AppContext, 'db' | 'dbKind' | 'config'> & Partial<Pick<AppContext, 'live'>>;
export interface Actor {
  user: UserRow;
}
