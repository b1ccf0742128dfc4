import { describe, expect, it } from 'vitest';
import { zonedTimeToEpoch } from '../../../shared/time-math.js';
import { detectFormat, ImportFileError, parseImportFile } from './import-formats.js';

// A fixed "now" after every row below, so the rule "ends at most a day after now" never depends on today.
const opts = { timeZone: 'Europe/Berlin', maxRows: 100, now: Date.UTC(2027, 0, 1) / 1000 };
const berlin = (y: number, mo: number, d: number, h = 0, mi = 0) => zonedTimeToEpoch(y, mo, d, h, mi, 0, 'Europe/Berlin');
const CLOCKIFY =
  'Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal)';

describe('detectFormat', () => {
  it('tells the three formats apart by their header', () => {
    expect(detectFormat(['\ufeffUser', 'Email', 'Project', 'Start date', 'Start time', 'Duration'])).toBe('toggl');
    expect(detectFormat(CLOCKIFY.split(','))).toBe('clockify');
    expect(detectFormat(['id', 'start_utc', 'end_utc', 'project'])).toBe('csv');
    expect(detectFormat(['a', 'b'])).toBeUndefined();
  });
});

describe('parseImportFile', () => {
  it('reads day/month dates when a day above 12 shows it, and month/day otherwise', () => {
    const row = (date: string) => `Internal,,x,,U,,u@x,,No,${date},09:00,${date},10:00,01:00:00,1.00`;
    const dmy = parseImportFile([CLOCKIFY, row('03/11/2026'), row('25/11/2026')].join('\n'), opts);
    expect(dmy.rows.map((r) => r.start)).toEqual([berlin(2026, 11, 3, 9), berlin(2026, 11, 25, 9)]);
    const mdy = parseImportFile([CLOCKIFY, row('03/11/2026')].join('\n'), opts);
    expect(mdy.rows[0]!.start).toBe(berlin(2026, 3, 11, 9));
    expect(parseImportFile([CLOCKIFY, row('03/11/2026')].join('\n'), { ...opts, dateOrder: 'dmy' }).rows[0]!.start).toBe(
      berlin(2026, 11, 3, 9),
    );
  });

  it('reads 12-hour times, semicolon files, and ends past midnight without an end date', () => {
    const text = [
      'Project;Start date;Start time;End time;Description',
      'P;2026-11-03;11:30 PM;12:15 AM;late',
      'P;2026-11-03;12:00 PM;12:30 PM;noon',
    ].join('\r\n');
    const parsed = parseImportFile(text, opts);
    expect(parsed.format).toBe('toggl');
    expect(parsed.rows.map((r) => [r.start, r.end, r.duration, r.notes])).toEqual([
      [berlin(2026, 11, 3, 23, 30), berlin(2026, 11, 4, 0, 15), 2700, 'late'],
      [berlin(2026, 11, 3, 12), berlin(2026, 11, 3, 12, 30), 1800, 'noon'],
    ]);
  });

  it('keeps a shorter duration as worked time with the rest as break', () => {
    const text = [
      'Project,Start date,Start time,End date,End time,Duration',
      'P,2026-11-03,09:00:00,2026-11-03,10:00:00,00:45:00',
    ].join('\n');
    expect(parseImportFile(text, opts).rows[0]).toMatchObject({ duration: 2700, breakSeconds: 900 });
  });

  it('undoes the formula guard of our own export and skips running timers', () => {
    const text = [
      'id,start_utc,end_utc,duration_seconds,break_seconds,client,project,task,tags,notes,billable',
      `1,2026-11-03T09:00:00Z,2026-11-03T10:00:00Z,3600,0,,'=Proj,,"a, b",'@mention,yes`,
      '2,2026-11-03T11:00:00Z,,,0,,P,,,running,yes',
      "3,2026-11-03T12:00:00Z,2026-11-03T13:00:00Z,3600,0,,P,,,'plain apostrophe,no",
    ].join('\n');
    const parsed = parseImportFile(text, opts);
    expect(parsed.skipped).toBe(1);
    expect(parsed.rows.map((r) => [r.project, r.notes, r.tags, r.billable])).toEqual([
      ['=Proj', '@mention', ['a', 'b'], true],
      ['P', "'plain apostrophe", [], false],
    ]);
  });

  it('turns bad rows into row errors and bad files into file errors', () => {
    const text = [
      'Project,Start date,Start time,Duration,Billable',
      'P,2026-02-30,09:00,01:00:00,',
      'P,2026-02-03,25:00,01:00:00,',
      'P,2026-02-03,09:00,01:00:00,maybe',
    ].join('\n');
    expect(parseImportFile(text, opts).errors).toEqual([
      { row: 2, message: '2026-02-30 09:00 is not a valid date and time' },
      { row: 3, message: '"25:00" is not a time of day' },
      { row: 4, message: 'billable "maybe" is not yes or no' },
    ]);
    expect(() => parseImportFile('Project,Start date,Start time\n"unterminated', opts)).toThrow(ImportFileError);
    expect(() =>
      parseImportFile(['Project,Start date,Start time', ...Array(101).fill('P,2026-01-01,09:00')].join('\n'), opts),
    ).toThrow(/at most 100 rows/);
  });

  it('refuses rows that claim more time than their span, and rows outside the bounds every entry meets', () => {
    const own = [
      'id,start_utc,end_utc,duration_seconds,break_seconds,project',
      '1,2026-11-03T09:00:00Z,2026-11-03T09:01:00Z,2678400,999999999,P', // the reported inflated row
      '2,2026-11-03T09:00:00Z,2026-11-03T09:01:00Z,2678400,,P',
      '3,2026-11-03T09:00:00Z,2026-11-03T10:00:00Z,,3600,P',
      '4,9999-12-31T00:00:00Z,9999-12-31T01:00:00Z,,,P',
      '5,1969-12-31T23:00:00Z,1970-01-01T01:00:00Z,,,P',
      '6,2026-11-03T09:00:00Z,2026-12-05T09:00:00Z,,,P',
      '7,2026-12-31T09:00:00Z,2026-12-31T10:00:00Z,,,P', // ends more than a day after "now"
      '8,2026-11-03T09:00:00Z,2026-11-03T10:00:00Z,4500,600,P', // 50 min worked, 75 claimed: no rounding makes that
      '9,2026-11-03T09:00:00Z,2026-11-03T10:00:00Z,3600,600,P', // 50 min worked, rounded up to 60 minutes
    ].join('\n');
    const parsed = parseImportFile(own, { ...opts, now: Date.UTC(2026, 11, 1) / 1000 });
    expect(parsed.errors).toEqual([
      { row: 2, message: 'the break must be shorter than the time from start to end' },
      { row: 3, message: 'duration_seconds 2678400 is neither end − start − break_seconds (60) nor that rounded by the timer' },
      { row: 4, message: 'the break must be shorter than the time from start to end' },
      {
        row: 5,
        message:
          'the start must lie between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z; the end must lie between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z',
      },
      { row: 6, message: 'the start must lie between 1970-01-01T00:00:00Z and 2100-01-01T00:00:00Z' },
      { row: 7, message: 'the end must be at most 31 days after the start' },
      { row: 8, message: 'the end must not be more than one day after now' },
      { row: 9, message: 'duration_seconds 4500 is neither end − start − break_seconds (3000) nor that rounded by the timer' },
    ]);
    expect(parsed.rows.map((r) => [r.row, r.duration, r.breakSeconds])).toEqual([[10, 3600, 600]]);

    // Toggl: a duration longer than start to end is a row error, unless the end fell in the hour the clocks repeat.
    const toggl = [
      'Project,Start date,Start time,End date,End time,Duration',
      'P,2026-11-03,09:00:00,2026-11-03,09:01:00,744:00:00',
      'P,2026-10-25,01:30:00,2026-10-25,02:30:00,02:00:00',
    ].join('\n');
    const t = parseImportFile(toggl, opts);
    expect(t.errors).toEqual([{ row: 2, message: 'the duration is longer than the time from start to end' }]);
    expect(t.rows.map((r) => [r.end - r.start, r.duration, r.breakSeconds])).toEqual([[7200, 7200, 0]]);
  });
});
