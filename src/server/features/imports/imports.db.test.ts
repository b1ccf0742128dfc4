import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from '../../../../test/harness.js';
import { zonedTimeToEpoch } from '../../../shared/time-math.js';
import {
  addUser,
  clearEntries,
  createClient,
  createProject,
  createReportWorld,
  createTask,
  expectStatus,
  insertEntry,
  iso,
  setPreferences,
  tokenFor,
  utc,
  type ReportWorld,
} from '../reports/report-world.test-helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/imports/', import.meta.url));
const fixture = (name: string) => fs.readFileSync(`${FIXTURES}${name}`);
const berlin = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedTimeToEpoch(y, mo, d, h, mi, 0, 'Europe/Berlin');

/** A multipart/form-data body with the file and optional text fields. */
function multipart(
  file: Buffer | string,
  fields: Record<string, string> = {},
  fileField = 'file',
): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----tt${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="entries.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(file) ? file : Buffer.from(file));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(client: ApiClient, file: Buffer | string, query = '', fields: Record<string, string> = {}): Promise<ApiResponse> {
  const { body, headers } = multipart(file, fields);
  return client.post(`/imports/time-entries${query ? `?${query}` : ''}`, body, headers);
}

interface Entry {
  id: number;
  project_id: number;
  task_id: number | null;
  start_time: string;
  end_time: string | null;
  duration_seconds: number | null;
  break_seconds: number;
  notes: string | null;
  tags: string[];
  billable: boolean;
  source: string;
}

async function entriesOf(client: ApiClient, query = ''): Promise<Entry[]> {
  return expectStatus(await client.get(`/time-entries?limit=500${query}`), 200).body.items;
}

const csvRows = (text: string, delimiter = ',') => parse(text, { bom: true, delimiter }) as string[][];

describe('POST /imports/time-entries', () => {
  let w: ReportWorld;

  beforeAll(async () => {
    w = await createReportWorld();
  });
  afterAll(async () => {
    await w.t.close();
  });
  beforeEach(async () => {
    await clearEntries(w.t);
    await setPreferences(w.t, w.ids.alice, { timezone: 'Europe/Berlin' });
    w.events.length = 0;
  });

  const projectByName = async (name: string) =>
    w.t.runtime.ctx.db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();

  it('imports the Toggl sample: creates the missing catalog for an admin, reads local times in the zone, keeps tags', async () => {
    const dry = expectStatus(
      await upload(w.admin, fixture('toggl-detailed.csv'), `user_id=${w.ids.alice}&dry_run=true`),
      200,
    ).body;
    expect(dry).toEqual({
      source: 'toggl',
      dry_run: true,
      rows: 4,
      imported: 4,
      skipped: 0,
      errors: [],
      error_count: 0,
      created: { clients: 2, projects: 3, tasks: 1 },
      // Berlin wall time as stored (UTC): the user sees how the file's times were read before anything is written.
      preview: [
        {
          row: 2,
          start_time: '2026-11-02T08:00:00Z',
          end_time: '2026-11-02T09:30:00Z',
          duration_seconds: 5400,
          break_seconds: 0,
          client: 'Acme',
          project: 'Website',
          task: 'Design',
          notes: 'Homepage mockups, round 2',
          tags: ['design', 'client'],
          billable: true,
        },
        expect.objectContaining({ row: 3, notes: 'Standup', billable: false, tags: ['meeting'] }),
        expect.objectContaining({ row: 4, start_time: '2026-11-02T22:30:00Z', end_time: '2026-11-02T23:30:00Z' }),
        // Across the end of summer time: 22:00 CEST to 04:00 CET is seven hours.
        expect.objectContaining({ row: 5, start_time: '2026-10-24T20:00:00Z', duration_seconds: 25200 }),
      ],
      period: { from: '2026-10-24T20:00:00Z', to: '2026-11-02T23:30:00Z' },
    });
    expect(await projectByName('Migration')).toBeUndefined();
    expect(await entriesOf(w.alice)).toEqual([]);

    const res = expectStatus(await upload(w.admin, fixture('toggl-detailed.csv'), `user_id=${w.ids.alice}`), 200).body;
    expect(res).toMatchObject({ source: 'toggl', dry_run: false, imported: 4, skipped: 0, errors: [] });
    const website = (await projectByName('Website'))!;
    const internal = (await projectByName('Internal'))!;
    const migration = (await projectByName('Migration'))!;
    expect(website.client_id).not.toBeNull();
    expect(internal.client_id).toBeNull();
    const design = await w.t.runtime.ctx.db
      .selectFrom('tasks')
      .selectAll()
      .where('name', '=', 'Design')
      .executeTakeFirstOrThrow();
    expect(design.project_id).toBe(website.id);

    const entries = await entriesOf(w.alice);
    const simple = entries.map((e) => [
      e.project_id,
      e.task_id,
      e.start_time,
      e.end_time,
      e.duration_seconds,
      e.notes,
      e.tags,
      e.billable,
      e.source,
    ]);
    expect(simple).toEqual([
      [
        internal.id,
        null,
        iso(berlin(2026, 11, 2, 23, 30)),
        iso(berlin(2026, 11, 3, 0, 30)),
        3600,
        'Expenses "October"',
        [],
        false,
        'import',
      ],
      [
        website.id,
        null,
        iso(berlin(2026, 11, 2, 10, 30)),
        iso(berlin(2026, 11, 2, 10, 45)),
        900,
        'Standup',
        ['meeting'],
        false,
        'import',
      ],
      [
        website.id,
        design.id,
        iso(berlin(2026, 11, 2, 9)),
        iso(berlin(2026, 11, 2, 10, 30)),
        5400,
        'Homepage mockups, round 2',
        ['client', 'design'],
        true,
        'import',
      ],
      // Across the fall-back change: 22:00 CEST → 04:00 CET is 7 hours.
      [
        migration.id,
        null,
        '2026-10-24T20:00:00Z',
        '2026-10-25T03:00:00Z',
        7 * 3600,
        'Database cut-over',
        ['ops'],
        true,
        'import',
      ],
    ]);

    // Importing the same file again adds nothing.
    const again = expectStatus(await upload(w.admin, fixture('toggl-detailed.csv'), `user_id=${w.ids.alice}`), 200).body;
    expect(again).toMatchObject({ imported: 0, skipped: 4, errors: [], created: { clients: 0, projects: 0, tasks: 0 } });
    expect(await entriesOf(w.alice)).toHaveLength(4);
    expect(w.events.filter((e) => e.event === 'import.completed')).toEqual([
      { event: 'import.completed', properties: { source: 'toggl', rows: 4, errors: 0 } },
      { event: 'import.completed', properties: { source: 'toggl', rows: 4, errors: 0 } },
    ]);
    expect(w.events.filter((e) => e.event === 'project.created')).toHaveLength(3);
  });

  it('imports the Clockify sample for a normal user into existing projects (12-hour times, month/day dates)', async () => {
    const acme =
      (await w.t.runtime.ctx.db.selectFrom('clients').select('id').where('name', '=', 'Acme').executeTakeFirst())?.id ??
      (await createClient(w.admin, 'Acme'));
    const website = (await projectByName('Website'))?.id ?? (await createProject(w.admin, 'Website', { client_id: acme }));
    const copy = await createTask(w.admin, website, 'copywriting');
    const support = (await projectByName('Support'))?.id ?? (await createProject(w.admin, 'Support', { client_id: acme }));
    const internal = (await projectByName('Internal'))?.id ?? (await createProject(w.admin, 'Internal'));

    const res = expectStatus(await upload(w.alice, fixture('clockify-detailed.csv')), 200).body;
    expect(res).toMatchObject({
      source: 'clockify',
      imported: 4,
      skipped: 0,
      errors: [],
      created: { clients: 0, projects: 0, tasks: 0 },
    });
    const entries = await entriesOf(w.alice);
    expect(
      entries.map((e) => [e.project_id, e.task_id, e.start_time, e.end_time, e.duration_seconds, e.notes, e.tags, e.billable]),
    ).toEqual([
      [internal, null, iso(berlin(2026, 11, 13, 23, 30)), iso(berlin(2026, 11, 14, 0, 15)), 2700, 'Late release', [], false],
      [internal, null, iso(berlin(2026, 11, 4, 11)), iso(berlin(2026, 11, 4, 12)), 3600, 'Team meeting', ['meeting'], false],
      [support, null, iso(berlin(2026, 11, 4, 9, 15)), iso(berlin(2026, 11, 4, 9, 45)), 1800, 'Ticket #4711', [], true],
      [
        website,
        copy,
        iso(berlin(2026, 11, 3, 14)),
        iso(berlin(2026, 11, 3, 15, 30)),
        5400,
        'Landing page copy',
        ['client', 'writing'],
        true,
      ],
    ]);
    expect(expectStatus(await upload(w.alice, fixture('clockify-detailed.csv')), 200).body).toMatchObject({
      imported: 0,
      skipped: 4,
    });
    // The same file read in another zone is other instants, so not duplicates; the one row that then overlaps an
    // imported entry (14:00–15:30 UTC against 13:00–14:30 UTC) is refused, naming it.
    const utcRun = expectStatus(
      await upload(w.alice, fixture('clockify-detailed.csv'), 'dry_run=true', { timezone: 'UTC' }),
      200,
    ).body;
    expect(utcRun).toMatchObject({ imported: 0, skipped: 0, error_count: 1, errors: [{ row: 2 }] });
    expect(utcRun.errors[0].message).toMatch(/^overlaps your entry \d+ \(2026-11-03T13:00:00Z to 2026-11-03T14:30:00Z\)$/);
  });

  it('is all-or-nothing: any row error writes nothing and lists every error with its row', async () => {
    await createProject(w.admin, 'Legacy', { status: 'archived' });
    if (!(await projectByName('Internal'))) await createProject(w.admin, 'Internal');
    const file = [
      'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount ()',
      'A,a@x.test,,Internal,,fine,No,2026-11-05,09:00:00,2026-11-05,10:00:00,01:00:00,,',
      'A,a@x.test,,Internal,,bad date,No,2026-13-05,09:00:00,2026-11-05,10:00:00,01:00:00,,',
      'A,a@x.test,,,,no project,No,2026-11-05,11:00:00,2026-11-05,12:00:00,01:00:00,,',
      'A,a@x.test,,Internal,,backwards,No,2026-11-05,15:00:00,2026-11-05,14:00:00,00:00:00,,',
      'A,a@x.test,Nobody Inc,Secret,,unknown client,No,2026-11-05,16:00:00,2026-11-05,17:00:00,01:00:00,,',
      'A,a@x.test,,Legacy,,archived,No,2026-11-05,18:00:00,2026-11-05,19:00:00,01:00:00,,',
      'A,a@x.test,,Internal,Nope,unknown task,No,2026-11-05,20:00:00,2026-11-05,21:00:00,01:00:00,,',
    ].join('\n');
    const res = expectStatus(await upload(w.alice, file), 200).body;
    expect(res.imported).toBe(0);
    expect(res.error_count).toBe(6);
    expect(res.errors.map((e: { row: number }) => e.row)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(res.errors[0].message).toMatch(/not a valid date/);
    expect(res.errors[1].message).toMatch(/project is required/);
    expect(res.errors[2].message).toMatch(/not after the start/);
    expect(res.errors[3].message).toMatch(/client "Nobody Inc" does not exist; only administrators/);
    expect(res.errors[4].message).toMatch(/archived/);
    expect(res.errors[5].message).toMatch(/task "Nope"/);
    expect(await entriesOf(w.alice)).toEqual([]);
    expect(await projectByName('Secret')).toBeUndefined();
    expect(w.events.filter((e) => e.event.startsWith('import.'))).toEqual([
      { event: 'import.completed', properties: { source: 'toggl', rows: 7, errors: 6 } },
    ]);

    // The same file from an admin creates the client, project and task, but the other errors still stop it.
    const admin = expectStatus(await upload(w.admin, file, `user_id=${w.ids.alice}`), 200).body;
    expect(admin).toMatchObject({ imported: 0, error_count: 4 });
    expect(await projectByName('Secret')).toBeUndefined();
  });

  it("round-trips this app's CSV export through the importer", async () => {
    const acme =
      (await w.t.runtime.ctx.db.selectFrom('clients').select('id').where('name', '=', 'Acme').executeTakeFirst())?.id ??
      (await createClient(w.admin, 'Acme'));
    const rated = (await projectByName('Rated'))
      ? (await projectByName('Rated'))!.id
      : await createProject(w.admin, 'Rated', { client_id: acme, hourly_rate: '90.00' });
    const task = await createTask(w.admin, rated, 'Round trip');
    const internal = (await projectByName('Internal'))?.id ?? (await createProject(w.admin, 'Internal'));
    const a = w.ids.alice;
    await insertEntry(w.t, {
      user_id: a,
      project_id: rated,
      task_id: task,
      start: utc(2026, 11, 2, 8),
      end: utc(2026, 11, 2, 10),
      break: 900,
      tags: ['dev', 'Review'],
      notes: 'Spec, "quoted"\nsecond line',
    });
    await insertEntry(w.t, {
      user_id: a,
      project_id: rated,
      start: utc(2026, 11, 2, 22),
      end: utc(2026, 11, 3, 1),
      break: 300,
      duration: 3 * 3600, // a timer's rounding: 2:55 worked, rounded up to 15 minutes
      notes: '=1+1',
    });
    await insertEntry(w.t, {
      user_id: a,
      project_id: internal,
      start: utc(2026, 11, 4, 9),
      end: utc(2026, 11, 4, 9, 20),
      billable: false,
      notes: '@here',
      tags: ['ops'],
    });
    await insertEntry(w.t, { user_id: a, project_id: internal, start: utc(2026, 11, 5, 9), end: null });

    const exported = expectStatus(await w.alice.get('/exports/time-entries.csv?delimiter=%3B&bom=true'), 200).body as string;
    // Re-importing one's own export adds nothing (the running timer is skipped too).
    expect(expectStatus(await upload(w.alice, exported), 200).body).toMatchObject({
      source: 'csv',
      rows: 4,
      imported: 0,
      skipped: 4,
      errors: [],
    });

    // Into another user: the same entries, field by field.
    const carol = await addUser(w.t, `carol${Date.now()}`);
    await setPreferences(w.t, carol.id, { timezone: 'Europe/Berlin' });
    const res = expectStatus(await upload(w.admin, exported, `user_id=${carol.id}`), 200).body;
    expect(res).toMatchObject({ imported: 3, skipped: 1, errors: [] });
    const strip = (text: string) =>
      csvRows(text, ';')
        .slice(1)
        .filter((r) => r[3] !== '')
        .map((r) => [...r.slice(1, 9), ...r.slice(10)]);
    const carolCsv = expectStatus(await carol.client.get('/exports/time-entries.csv?delimiter=%3B'), 200).body;
    expect(strip(carolCsv)).toEqual(strip(exported));
    expect(strip(carolCsv)).toHaveLength(3);
  });

  it('checks the caller: scopes, other users, upload shape and size', async () => {
    const readOnly = await tokenFor(w.t, w.ids.alice, ['read:time_entries']);
    expect((await upload(readOnly, fixture('toggl-detailed.csv'), 'dry_run=true')).status).toBe(403);
    const writer = await tokenFor(w.t, w.ids.alice, ['write:time_entries']);
    expect(expectStatus(await upload(writer, fixture('toggl-detailed.csv'), 'dry_run=true'), 200).body.source).toBe('toggl');
    const other = await upload(w.alice, fixture('toggl-detailed.csv'), `user_id=${w.ids.bob}&dry_run=true`);
    expect([other.status, other.body.error.code]).toEqual([403, 'forbidden']);
    expect((await upload(w.admin, fixture('toggl-detailed.csv'), 'user_id=999999&dry_run=true')).status).toBe(404);

    const json = await w.alice.post('/imports/time-entries', { file: 'x' });
    expect([json.status, json.body.error.code]).toEqual([415, 'unsupported_media_type']);
    const unknown = await upload(w.alice, 'a,b,c\n1,2,3\n');
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'unknown_format']);
    const badField = await upload(w.alice, fixture('toggl-detailed.csv'), '', { color: 'red' });
    expect([badField.status, badField.body.error.code]).toEqual([400, 'validation_failed']);
    const wrongName = multipart(fixture('toggl-detailed.csv'), {}, 'upload');
    expect((await w.alice.post('/imports/time-entries', wrongName.body, wrongName.headers)).status).toBe(400);
    const badZone = await upload(w.alice, fixture('toggl-detailed.csv'), 'timezone=Nowhere/Land');
    expect([badZone.status, Object.keys(badZone.body.error.details.fields)]).toEqual([400, ['timezone']]);

    const huge = Buffer.alloc(21 * 1024 * 1024, 'a');
    const tooLarge = await upload(w.alice, huge);
    expect([tooLarge.status, tooLarge.body.error.code]).toEqual([413, 'payload_too_large']);
    expect(w.events.filter((e) => e.event === 'import.completed')).toEqual([]);
  });
});
