// API token scopes: the server checks them on every token request; the web's token page offers each with its
// explanation (a scope added here is a type error there until it has one).
export const SCOPES = [
  'read:time_entries',
  'write:time_entries',
  'read:projects',
  'write:projects',
  'read:clients',
  'write:clients',
  'read:reports',
  'read:users',
  'admin:all',
  'read:*',
  'write:*',
] as const;
export type Scope = (typeof SCOPES)[number];
/** Scopes a route can require (the wildcards only grant). */
export type RequiredScope = Exclude<Scope, 'read:*' | 'write:*'>;
