// What invoicing needs of the app: the database and the configuration, and who acts (their time zone and report
// rounding decide dates and quantities). Narrower than AppContext and Principal so the CLI can invoice too.
import type { AppContext } from '../../app-context.js';
import type { UserRow } from '../../db/schema.js';

export type InvoiceContext = Pick<AppContext, 'db' | 'dbKind' | 'config'>;
export interface Actor {
  user: UserRow;
}
