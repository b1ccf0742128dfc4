import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id, instant } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { entrySchema } from '../time-entries/entry-dto.js';
import { notesField, tagList } from '../../../shared/schemas/entries.js';
import { getTimer, pauseTimer, resumeTimer, startTimer, stopTimer, timerSchema } from './timer.service.js';

const read = { auth: { scope: 'read:time_entries' as const } };
const write = { auth: { scope: 'write:time_entries' as const } };
const timerResponse = z.object({ timer: timerSchema });

export const timerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/timer', {
    config: read,
    schema: {
      tags: ['timer'],
      summary: 'The running timer, or null',
      response: { 200: z.object({ timer: timerSchema.nullable() }) },
    },
    handler: async (request) => ({ timer: await getTimer(app.ctx, principalOf(request)) }),
  });

  app.post('/timer/start', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Start a timer now (at most one per user)',
      description:
        '409 timer_already_running while one runs; 409 overlap (details.conflicting_ids) when now lies inside one of ' +
        'your entries (an entry may end up to a day ahead).',
      body: z.strictObject({
        project_id: id,
        task_id: id.nullable().optional(),
        notes: notesField.optional(),
        tags: tagList.optional(),
        billable: z.boolean().optional().describe("defaults to the project's billable"),
      }),
      response: { 201: timerResponse, 400: errorResponse, 409: errorResponse },
    },
    handler: async (request, reply) =>
      reply.status(201).send({ timer: await startTimer(app.ctx, principalOf(request), request.body) }),
  });

  app.post('/timer/stop', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Stop the running timer and answer the finished time entry',
      description:
        'duration_seconds = end − start − breaks (a pause still open counts as break until the end), then rounded with ' +
        'the user’s rounding_minutes and rounding_method. end_time defaults to now. The entry meets the rules of every ' +
        'entry: end_time from 1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z, not before the start (or the open pause), at ' +
        'most 31 days after the start and one day after now, else 400 validation_failed naming end_time (a timer left ' +
        'running longer is stopped with an end_time within 31 days of its start); 409 overlap (details.conflicting_ids) ' +
        'when the span would overlap another entry.',
      body: z.strictObject({ end_time: instant.optional() }).nullish().describe('optional; without a body the timer stops now'),
      response: { 200: z.object({ time_entry: entrySchema }), 400: errorResponse, 409: errorResponse },
    },
    handler: async (request) => ({ time_entry: await stopTimer(app.ctx, principalOf(request), request.body?.end_time) }),
  });

  app.post('/timer/pause', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Pause the running timer',
      response: { 200: timerResponse, 409: errorResponse },
    },
    handler: async (request) => ({ timer: await pauseTimer(app.ctx, principalOf(request)) }),
  });

  app.post('/timer/resume', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Resume a paused timer (the pause becomes break time)',
      response: { 200: timerResponse, 409: errorResponse },
    },
    handler: async (request) => ({ timer: await resumeTimer(app.ctx, principalOf(request)) }),
  });
};
