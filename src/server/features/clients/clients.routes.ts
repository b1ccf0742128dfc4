import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, idParams, listQuery, pageOf } from '../../http/wire.js';
import { clientBody, clientStatusSchema } from '../../../shared/schemas/catalog.js';
import { searchText } from './catalog-text.js';
import { clientSchema, toClientDto } from './client-dto.js';
import { changeClient, createClient, deleteClient, getClient, listClients } from './clients.service.js';

const READ_AUTH = 'Every signed-in user may read clients; API tokens need the `read:clients` scope.';
const WRITE_AUTH = 'Administrators only (403 `forbidden` for other users); API tokens need the `write:clients` scope.';

type ClientBody = z.infer<typeof clientBody>;

const listClientsQuery = listQuery.extend({
  status: clientStatusSchema.optional(),
  q: searchText.optional(),
});

const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse };

// The wire name is `default_hourly_rate`; the service and database speak cents.
const toInput = <B extends Partial<ClientBody>>({ default_hourly_rate, ...rest }: B) => ({
  ...rest,
  default_hourly_rate_cents: default_hourly_rate,
});

export const clientRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/clients', {
    config: { auth: { scope: 'read:clients' } },
    schema: {
      tags: ['clients'],
      summary: 'List clients',
      description: `Ordered by name (case-insensitive), then id. ${READ_AUTH}`,
      querystring: listClientsQuery,
      response: { 200: pageOf(clientSchema), ...errors },
    },
    handler: async (request) => {
      const { rows, nextCursor } = await listClients(app.ctx, request.query);
      return { items: rows.map(toClientDto), next_cursor: nextCursor };
    },
  });

  app.post('/clients', {
    config: { auth: { scope: 'write:clients', admin: true } },
    schema: {
      tags: ['clients'],
      summary: 'Create a client',
      description: `409 \`name_taken\` when a client with the same name (case-insensitive) exists. ${WRITE_AUTH}`,
      body: clientBody,
      response: { 201: clientSchema, ...errors, 409: errorResponse },
    },
    handler: async (request, reply) => {
      const client = await createClient(app.ctx, toInput(request.body));
      return reply.status(201).send(toClientDto(client));
    },
  });

  app.get('/clients/:id', {
    config: { auth: { scope: 'read:clients' } },
    schema: {
      tags: ['clients'],
      summary: 'Get a client',
      description: READ_AUTH,
      params: idParams,
      response: { 200: clientSchema, ...errors, 404: errorResponse },
    },
    handler: async (request) => toClientDto(await getClient(app.ctx, request.params.id)),
  });

  app.patch('/clients/:id', {
    config: { auth: { scope: 'write:clients', admin: true } },
    schema: {
      tags: ['clients'],
      summary: 'Change or archive a client',
      description: `Any subset of the fields; \`status: "archived"\` archives the client. ${WRITE_AUTH}`,
      params: idParams,
      body: clientBody.partial(),
      response: { 200: clientSchema, ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => toClientDto(await changeClient(app.ctx, request.params.id, toInput(request.body))),
  });

  app.delete('/clients/:id', {
    config: { auth: { scope: 'write:clients', admin: true } },
    schema: {
      tags: ['clients'],
      summary: 'Delete a client',
      description: `Only a client without projects and time entries can be deleted (409 \`in_use\` otherwise; archive it instead). ${WRITE_AUTH}`,
      params: idParams,
      response: { 204: z.null(), ...errors, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request, reply) => {
      await deleteClient(app.ctx, request.params.id);
      return reply.status(204).send(null);
    },
  });
};
