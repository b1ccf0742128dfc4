// Until the first admin exists, every API route except health, info and setup answers 409 setup_required.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.js';
import { isSetupComplete } from './setup.queries.js';

const OPEN_BEFORE_SETUP = new Set(['/api/v1/health', '/api/v1/info', '/api/v1/setup']);

export function registerSetupGate(app: FastifyInstance): void {
  // Setup never becomes incomplete again, so once seen complete it is cached for the process's lifetime.
  let complete = false;
  app.addHook('onRequest', async (request) => {
    if (complete || !request.routeOptions.config.auth) return;
    if (OPEN_BEFORE_SETUP.has(request.routeOptions.url ?? '')) return;
    complete = await isSetupComplete(app.ctx.db);
    if (!complete) {
      throw new AppError(409, 'setup_required', 'TimeTracker is not set up yet. Complete the setup (POST /api/v1/setup) first.');
    }
  });
}
