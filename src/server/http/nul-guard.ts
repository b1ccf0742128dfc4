// PostgreSQL text cannot hold NUL (U+0000) and SQLite truncates at it in places, so no request may carry one.
// Checked once here for every body and query string instead of in each feature's schemas.
import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.js';

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNul(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.query, '') ?? findNul(request.params, '') ?? findNul(request.body, '');
    if (field !== undefined) throw validationFailed({ [field || 'body']: 'must not contain NUL characters' });
  });
}
