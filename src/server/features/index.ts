// Every feature's routes, registered under /api/v1 by app.ts. Add a feature here.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { authRoutes } from './auth/auth.routes.js';
import { clientRoutes } from './clients/clients.routes.js';
import { exportRoutes } from './exports/exports.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { importRoutes } from './imports/imports.routes.js';
import { invoiceRoutes } from './invoices/invoices.routes.js';
import { invoicingSettingsRoutes } from './invoices/settings.routes.js';
import { jobsRoutes } from './jobs/jobs.routes.js';
import { liveRoutes } from './live/live.routes.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import { projectRoutes } from './projects/projects.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { setupRoutes } from './setup/setup.routes.js';
import { taskRoutes } from './tasks/tasks.routes.js';
import { timeEntriesRoutes } from './time-entries/time-entries.routes.js';
import { timerRoutes } from './timer/timer.routes.js';
import { timesheetRoutes } from './timesheet/timesheet.routes.js';
import { tokensRoutes } from './tokens/tokens.routes.js';
import { usersRoutes } from './users/users.routes.js';

export const API_FEATURES: FastifyPluginAsyncZod[] = [
  healthRoutes,
  setupRoutes,
  authRoutes,
  clientRoutes,
  projectRoutes,
  taskRoutes,
  usersRoutes,
  tokensRoutes,
  timeEntriesRoutes,
  timerRoutes,
  timesheetRoutes,
  reportRoutes,
  exportRoutes,
  importRoutes,
  invoicingSettingsRoutes,
  invoiceRoutes,
  liveRoutes,
  oidcRoutes,
  analyticsRoutes,
  jobsRoutes,
];
