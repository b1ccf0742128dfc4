// What an API token may do. The server checks them (features/auth/principal.ts); the web offers them when a token
// is made. One list for both, so the tokens page never offers a scope the server does not know.
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
