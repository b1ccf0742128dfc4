// Names for the API's shapes the UI uses, all taken from the types generated from the server's OpenAPI document
// (schema.gen.ts, `npm run api:types`): never written by hand, so they cannot drift from the server.
import type { ApiBody, ApiData } from './client.js';
import type { components } from './schema.gen.js';

type Schemas = components['schemas'];

export type Info = Schemas['Info'];
export type User = Schemas['User'];
export type Preferences = Schemas['Preferences'];
export type Theme = Preferences['theme'];
export type Client = Schemas['Client'];
export type Project = Schemas['Project'];
export type Task = Schemas['Task'];
export type TaskStatus = Task['status'];
export type Timer = Schemas['Timer'];
export type TimeEntry = Schemas['TimeEntry'];
export type NewTimeEntry = ApiBody<'post', '/time-entries'>;
export type Summary = Schemas['Summary'];
export type SummaryGroup = Schemas['SummaryGroup'];
export type GroupBy = Schemas['Summary']['group_by'];
export type ApiToken = Schemas['ApiToken'];
export type TokenScope = ApiToken['scopes'][number];
/** The answer of creating a token: the only time its secret is shown. */
export type NewApiToken = ApiData<'post', '/tokens'>;
export type TelemetryStatus = Schemas['TelemetryStatus'];
export type ChannelStatus = Schemas['ChannelStatus'];
export type ImportResult = Schemas['ImportResult'];
export type Invoice = Schemas['Invoice'];
export type InvoiceLine = Invoice['lines'][number];
export type InvoicingSettings = Schemas['InvoicingSettings'];

// One list for the server and the web (src/shared): the scopes the tokens page offers.
export { SCOPES as TOKEN_SCOPES } from '../../shared/scopes.js';
