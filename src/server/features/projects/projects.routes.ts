import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id, idParams, listQuery, pageOf } from '../../http/wire.js';
import { projectBody, projectStatusSchema } from '../../../shared/schemas/catalog.js';
import { searchText } from '../clients/catalog-text.js';
import { projectSchema } from './project-dto.js';
import {
  changeProject,
  createProject,
  deleteProject,
  describeProject,
  describeProjects,
  getProject,
  listProjects,
} from './projects.service.js';

const READ_AUTH = 'Every signed-in user may read projects; API tokens need the `read:projects` scope.';
const WRITE_AUTH = 'Administrators only (403 `forbidden` for other users); API tokens need the `write:projects` scope.';

type ProjectBody = z.infer<typeof projectBody>;

const listProjectsQuery = listQuery.extend({
  status: projectStatusSchema.optional(),
  q: searchText.optional(),
  client_id: id.optional(),
});

const BUDGET =
  'Each project shows its spending against its budgets: spent_seconds (stored durations of every user’s finished, ' +
  'not deleted entries; all time, or for budget_period "monthly" those starting in the current month of the instance ' +
  'time zone), spent_amount (billable seconds × rate; null without a rate) and budget_used (the larger of time and ' +
  'money use, 1 = 100 %; null without a budget). One grouped query serves a whole page.';

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

// The wire name is `hourly_rate`; the service and database speak cents.
const toInput = <B extends Partial<ProjectBody>>({ hourly_rate, budget_amount, ...rest }: B) => ({
  ...rest,
  hourly_rate_cents: hourly_rate,
  budget_amount_cents: budget_amount,
});

export const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/projects', {
    config: { auth: { scope: 'read:projects' } },
    schema: {
      tags: ['projects'],
      summary: 'List projects',
      description: `Ordered by name (case-insensitive), then id. ${BUDGET} ${READ_AUTH}`,
      querystring: listProjectsQuery,
      response: { 200: pageOf(projectSchema), ...errors },
    },
    handler: async (request) => {
      const { rows, nextCursor } = await listProjects(app.ctx, request.query);
      return { items: await describeProjects(app.ctx, rows), next_cursor: nextCursor };
    },
  });

  app.post('/projects', {
    config: { auth: { scope: 'write:projects', admin: true } },
    schema: {
      tags: ['projects'],
      summary: 'Create a project',
      description:
        'Names are unique per client (409 `name_taken`); an unknown `client_id` is a 400, an archived client a 409 ' +
        `\`client_archived\`. ${WRITE_AUTH}`,
      body: projectBody,
      response: { 201: projectSchema, ...errors, 409: errorResponse },
    },
    handler: async (request, reply) => {
      const project = await createProject(app.ctx, toInput(request.body));
      return reply.status(201).send(await describeProject(app.ctx, project));
    },
  });

  app.get('/projects/:id', {
    config: { auth: { scope: 'read:projects' } },
    schema: {
      tags: ['projects'],
      summary: 'Get a project',
      description: READ_AUTH,
      params: idParams,
      response: { 200: projectSchema, ...errors, 404: errorResponse },
    },
    handler: async (request) => describeProject(app.ctx, await getProject(app.ctx, request.params.id)),
  });

  app.patch('/projects/:id', {
    config: { auth: { scope: 'write:projects', admin: true } },
    schema: {
      tags: ['projects'],
      summary: 'Change, archive or unarchive a project',
      description: `Any subset of the fields; \`status\` archives or unarchives. ${WRITE_AUTH}`,
      params: idParams,
      body: projectBody.partial(),
      response: { 200: projectSchema, ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => describeProject(app.ctx, await changeProject(app.ctx, request.params.id, toInput(request.body))),
  });

  app.delete('/projects/:id', {
    config: { auth: { scope: 'write:projects', admin: true } },
    schema: {
      tags: ['projects'],
      summary: 'Delete a project and its tasks',
      description: `Only a project without time entries can be deleted (409 \`in_use\` otherwise; archive it instead). ${WRITE_AUTH}`,
      params: idParams,
      response: { 204: z.null(), ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request, reply) => {
      await deleteProject(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  });
};
