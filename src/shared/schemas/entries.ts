// The request bodies of time entries (API spec: Time entries) and the fields the timer shares with them. The server's
// routes validate with them; the web's entry form checks the body it built with them before sending.
import { z } from 'zod';
import { MAX_ENTRY_SECONDS } from '../entry-bounds.js';
import { FIELD_MESSAGES, id, instant } from './fields.js';

// Tag names are names: no control characters (line breaks would also break CSV exports and the UI's chips).
export const tagName = z
  .string()
  .trim()
  .min(1, FIELD_MESSAGES.empty)
  .max(100)
  .refine((v) => !/\p{Cc}/u.test(v), FIELD_MESSAGES.controlCharacters);
export const tagList = z.array(tagName).max(50);
export const notesField = z.string().max(10_000).nullable();

const seconds = z.number().int().max(MAX_ENTRY_SECONDS);

const entryFields = {
  project_id: id,
  task_id: id.nullable(),
  start_time: instant,
  end_time: instant,
  duration_seconds: seconds.positive().describe('worked seconds; the end becomes start + duration + breaks'),
  break_seconds: seconds.min(0).describe('shorter than the time from start to end'),
  notes: notesField,
  tags: tagList,
  billable: z.boolean(),
};

export const entryCreateBody = z.strictObject({
  ...entryFields,
  task_id: entryFields.task_id.optional(),
  end_time: entryFields.end_time.optional(),
  duration_seconds: entryFields.duration_seconds.optional(),
  break_seconds: entryFields.break_seconds.optional(),
  notes: entryFields.notes.optional(),
  tags: entryFields.tags.optional(),
  billable: entryFields.billable.optional().describe("defaults to the project's billable"),
  user_id: id.optional().describe('admins only: whose entry this is (default: the caller)'),
});

export const entryPatchBody = z.strictObject(entryFields).partial();
