import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponse, id, instant } from '../../http/wire.js';
import { principalOf } from '../auth/authenticate.js';
import { entrySchema } from '../time-entries/entry-dto.js';
import { notesField, tagList } from '../../../shared/schemas/entries.js';
import { discardTimer, patchTimer } from './timer-edit.service.js';
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

  app.patch('/timer', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Correct the running timer (start time, project, task, notes, tags, billable)',
      description:
        'Any subset of the fields; the timer keeps running. start_time ("I started ten minutes ago") must not be in ' +
        'the future nor more than 31 days ago, not after an open pause began, and early enough to hold the breaks ' +
        'already taken (else 400 validation_failed naming start_time); 409 overlap (details.conflicting_ids) when ' +
        'another of your entries lies after the new start. A new project must exist (400) and not be archived ' +
        '(409 project_archived); a task must belong to the timer’s project (400). 409 no_running_timer when none ' +
        'runs. Pushes timer.changed and time_entry.changed; tracked as time_entry.updated.',
      body: z.strictObject({
        start_time: instant.optional(),
        project_id: id.optional(),
        task_id: id.nullable().optional(),
        notes: notesField.optional(),
        tags: tagList.optional(),
        billable: z.boolean().optional(),
      }),
      response: { 200: timerResponse, 400: errorResponse, 409: errorResponse },
    },
    handler: async (request) => ({ timer: await patchTimer(app.ctx, principalOf(request), request.body) }),
  });

  app.delete('/timer', {
    config: write,
    schema: {
      tags: ['timer'],
      summary: 'Discard the running timer (no entry is kept)',
      description:
        'The running timer disappears from the timer, lists, reports and exports at once. Like every deleted entry ' +
        'it stays restorable for undo: POST /time-entries/restore with its id brings it back running (409 overlap ' +
        'when a timer or an entry has taken its time meanwhile) until the purge job removes it. 409 no_running_timer ' +
        'when none runs. Pushes timer.changed (null) and time_entry.deleted; tracked as time_entry.deleted.',
      response: { 204: z.null(), 409: errorResponse },
    },
    handler: async (request, reply) => {
      await discardTimer(app.ctx, principalOf(request));
      return reply.status(204).send(null);
    },
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
