import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id, idParams, listQuery, pageOf } from '../../http/wire.js';
import { taskCreateBody as createBody, taskPatchBody as patchBody, taskStatusSchema } from '../../../shared/schemas/catalog.js';
import { searchText } from '../clients/catalog-text.js';
import { principalOf } from '../auth/authenticate.js';
import { taskSchema, toTaskDto } from './task-dto.js';
import { changeTask, createTask, deleteTask, getTask, listTasks } from './tasks.service.js';

const READ_AUTH = 'Every signed-in user may read tasks; API tokens need the `read:projects` scope.';
const WRITE_AUTH = 'Every signed-in user; API tokens need the `write:projects` scope.';

const listTasksQuery = listQuery.extend({
  status: taskStatusSchema.optional(),
  q: searchText.optional(),
  project_id: id.optional(),
});

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

export const taskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tasks', {
    config: { auth: { scope: 'read:projects' } },
    schema: {
      tags: ['tasks'],
      summary: 'List tasks',
      description: `Ordered by name (case-insensitive), then id. ${READ_AUTH}`,
      querystring: listTasksQuery,
      response: { 200: pageOf(taskSchema), ...errors },
    },
    handler: async (request) => {
      const { rows, nextCursor } = await listTasks(app.ctx, request.query);
      return { items: rows.map(toTaskDto), next_cursor: nextCursor };
    },
  });

  app.post('/tasks', {
    config: { auth: { scope: 'write:projects' } },
    schema: {
      tags: ['tasks'],
      summary: 'Create a task in a project',
      description: `An unknown \`project_id\` is a 400. ${WRITE_AUTH}`,
      body: createBody,
      response: { 201: taskSchema, ...errors },
    },
    handler: async (request, reply) => {
      const task = await createTask(app.ctx, request.body);
      return reply.status(201).send(toTaskDto(task));
    },
  });

  app.get('/tasks/:id', {
    config: { auth: { scope: 'read:projects' } },
    schema: {
      tags: ['tasks'],
      summary: 'Get a task',
      description: READ_AUTH,
      params: idParams,
      response: { 200: taskSchema, ...errors, 404: errorResponse },
    },
    handler: async (request) => toTaskDto(await getTask(app.ctx, request.params.id)),
  });

  app.patch('/tasks/:id', {
    config: { auth: { scope: 'write:projects' } },
    schema: {
      tags: ['tasks'],
      summary: 'Rename a task or change its status',
      description:
        `${WRITE_AUTH} Changing \`estimated_hours\` or \`project_id\` is for administrators only (403 \`forbidden\`); ` +
        'a task with time entries cannot move to another project (409 `in_use`).',
      params: idParams,
      body: patchBody,
      response: { 200: taskSchema, ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => toTaskDto(await changeTask(app.ctx, principalOf(request), request.params.id, request.body)),
  });

  app.delete('/tasks/:id', {
    config: { auth: { scope: 'write:projects', admin: true } },
    schema: {
      tags: ['tasks'],
      summary: 'Delete a task',
      description:
        'Administrators only (403 `forbidden` for other users); API tokens need the `write:projects` scope. ' +
        'A task used by time entries cannot be deleted (409 `in_use`).',
      params: idParams,
      response: { 204: z.null(), ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request, reply) => {
      await deleteTask(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  });
};
