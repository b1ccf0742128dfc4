// Every feature's routes, registered under /api/v1 by app.ts. Add a feature here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authRoutes } from './auth/auth.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { setupRoutes } from './setup/setup.routes.js';

export const API_FEATURES: FastifyPluginAsyncZod[] = [healthRoutes, setupRoutes, authRoutes];
