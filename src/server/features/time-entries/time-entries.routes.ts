import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id, idParams, listQuery, pageOf } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { entrySchema } from './entry-dto.js';
import { entryCreateBody, entryPatchBody, tagList } from '../../../shared/schemas/entries.js';
import { entryFiltersQuery } from './entry-filters.js';
import { bulkIds, bulkUndoSchema, MAX_BULK_IDS } from './bulk-undo.schema.js';
import { undoBulk } from './bulk-undo.service.js';
import { bulkTimeEntries } from './bulk.service.js';
import { restoreTimeEntries } from './restore.service.js';
import { listUsedTags } from './tags.queries.js';
import { createTimeEntry, deleteTimeEntry, getTimeEntry, listTimeEntries, updateTimeEntry } from './time-entries.service.js';

/** The rules every entry meets, however it is made (API, timer, import); see shared/entry-bounds.ts. */
export const ENTRY_RULES =
  'Instants lie from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z; an entry ends after its start, spans at most 31 ' +
  'days, ends at most one day after now, and its break is shorter than its span; otherwise 400 validation_failed with ' +
  'details.fields naming the field.';

const ids = bulkIds;
const bulkBody = z.discriminatedUnion('action', [
  z.strictObject({ ids, action: z.literal('delete') }),
  z.strictObject({ ids, action: z.literal('set_billable'), value: z.boolean() }),
  z.strictObject({ ids, action: z.literal('set_project'), value: id.describe('project id') }),
  z.strictObject({ ids, action: z.enum(['add_tags', 'remove_tags']), value: tagList.min(1).describe('tag names') }),
]);

const read = { auth: { scope: 'read:time_entries' as const } };
const write = { auth: { scope: 'write:time_entries' as const } };

export const timeEntriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/time-entries', {
    config: read,
    schema: {
      tags: ['time entries'],
      summary: 'List time entries (start_time desc, id desc) with filters',
      querystring: entryFiltersQuery.extend(listQuery.shape),
      response: { 200: pageOf(entrySchema), 400: errorResponse, 403: errorResponse },
    },
    handler: async (request) => listTimeEntries(app.ctx, principalOf(request), request.query),
  });

  app.post('/time-entries', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Create a manual time entry',
      description:
        'Send either end_time or duration_seconds. The time must not overlap the user’s other entries (a running timer ' +
        'occupies everything from its start on): 409 overlap with details.conflicting_ids. Manual entries are not rounded. ' +
        ENTRY_RULES,
      body: entryCreateBody,
      response: { 201: entrySchema, 400: errorResponse, 403: errorResponse, 409: errorResponse },
    },
    handler: async (request, reply) => reply.status(201).send(await createTimeEntry(app.ctx, principalOf(request), request.body)),
  });

  app.post('/time-entries/bulk', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Apply one action to several entries, all or nothing',
      description:
        'value: none for delete, a boolean for set_billable, a project id for set_project (entries lose a task of another ' +
        'project), tag names for add_tags/remove_tags. Any id that does not exist, is deleted or is not yours: 404 and ' +
        'nothing changes. Deleted entries stay restorable (POST /time-entries/restore). `undo` is the body for POST ' +
        '/time-entries/bulk/undo that reverts what this call changed (null when it changed nothing).',
      body: bulkBody,
      response: {
        200: z.object({ updated: z.number().int(), undo: bulkUndoSchema.nullable() }),
        400: errorResponse,
        404: errorResponse,
        409: errorResponse,
      },
    },
    handler: async (request) => bulkTimeEntries(app.ctx, principalOf(request), request.body),
  });

  app.post('/time-entries/bulk/undo', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Revert a bulk action with the `undo` its answer gave',
      description:
        'delete: restores the entries as POST /time-entries/restore does (all or nothing, 409 overlap). The other actions ' +
        'revert each entry only where it is still as the bulk action left it (project and task, billable, the added or ' +
        'removed tags); an entry changed or deleted since keeps the newer change and is listed in skipped_ids. An id that ' +
        'does not exist or is not yours: 404 and nothing changes. The previous project must exist and be active (409 ' +
        'project_archived) and the task belong to it, as for PATCH.',
      body: bulkUndoSchema,
      response: {
        200: z.object({ reverted: z.number().int(), skipped_ids: z.array(z.number().int()) }),
        400: errorResponse,
        404: errorResponse,
        409: errorResponse,
      },
    },
    handler: async (request) => undoBulk(app.ctx, principalOf(request), request.body),
  });

  app.post('/time-entries/restore', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Restore deleted entries with their ids, sources, times, durations and tags',
      description:
        `Deleted entries stay restorable for DELETED_ENTRIES_RETENTION_HOURS (at least 24 hours). All or nothing: ids ` +
        `that are not deleted entries of yours (kept, purged, never existed, another user's) are a 404 listing them in ` +
        `details.ids; when the time of one has been taken meanwhile (or two restored entries overlap each other), 409 ` +
        `overlap with details.conflicting_ids. At most ${MAX_BULK_IDS} ids; duplicates count once.`,
      body: z.strictObject({ ids: bulkIds }),
      response: { 200: z.object({ restored: z.number().int() }), 400: errorResponse, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => ({ restored: await restoreTimeEntries(app.ctx, principalOf(request), request.body.ids) }),
  });

  // The caller's own tags only (tags are per user); what the entries page's tag filter suggests.
  app.get('/tags', {
    config: read,
    schema: {
      tags: ['time entries'],
      summary: 'Your tags that your entries carry, by name',
      description:
        'Tags are per user and case-insensitive; a tag only deleted entries carry is left out. `q` keeps the names ' +
        'containing it (ignoring case); at most `limit` (default 50, max 500) names, in name order.',
      querystring: z.strictObject({
        q: z.string().trim().min(1).max(200).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      response: { 200: z.object({ items: z.array(z.object({ name: z.string() })) }), 400: errorResponse, 403: errorResponse },
    },
    handler: async (request) => ({ items: await listUsedTags(app.ctx.db, principalOf(request).user.id, request.query) }),
  });

  app.get('/time-entries/:id', {
    config: read,
    schema: {
      tags: ['time entries'],
      summary: 'One time entry',
      params: idParams,
      response: { 200: entrySchema, 404: errorResponse },
    },
    handler: async (request) => getTimeEntry(app.ctx, principalOf(request), request.params.id),
  });

  app.patch('/time-entries/:id', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Change any subset of an entry’s fields',
      description:
        'Overlap and ranges are checked again. Without a new end_time or duration_seconds the end stays and the duration ' +
        'follows. A running timer cannot be finished here (409 timer_running): use POST /timer/stop; its start may not lie ' +
        'in the future or more than 31 days back. ' +
        ENTRY_RULES,
      params: idParams,
      body: entryPatchBody,
      response: { 200: entrySchema, 400: errorResponse, 404: errorResponse, 409: errorResponse },
    },
    handler: async (request) => updateTimeEntry(app.ctx, principalOf(request), request.params.id, request.body),
  });

  app.delete('/time-entries/:id', {
    config: write,
    schema: {
      tags: ['time entries'],
      summary: 'Delete a time entry',
      description: 'The entry disappears everywhere but can be brought back with POST /time-entries/restore until it is purged.',
      params: idParams,
      response: { 204: z.null(), 404: errorResponse },
    },
    handler: async (request, reply) => {
      await deleteTimeEntry(app.ctx, principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
};
