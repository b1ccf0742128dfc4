// The timesheet page against a real server: a typed total is saved through PUT /timesheet/cell and the totals
// follow; Escape puts a cell back; a cell with manual time is never rewritten (a total below it is explained and
// nothing is sent, a total above it is said first and saved on click); last week's rows are copied empty; and a
// refusal (an archived project) shows beside the cell while the cell goes back to what is saved.
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { TimesheetPage } from './TimesheetPage.js';

let server: WebTestServer;
/** Room for a busy machine: the server answers in its own process. */
const SLOW = { timeout: 10_000 };
let website: number;
let archived: number;

type Sheet = { rows: { project_id: number; cells: { seconds: number }[] }[] };
const week = async (label: string) => (await server.admin.get<Sheet>(`/timesheet?week=${label}`)).body;
const cellSeconds = async (label: string, project: number, day: number) =>
  (await week(label)).rows.find((r) => r.project_id === project)?.cells[day]?.seconds ?? 0;

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', week_start: 1, date_format: 'YYYY-MM-DD' });
  website = (await server.admin.post('/projects', { name: 'Website' })).body.id;
  archived = (await server.admin.post('/projects', { name: 'Old client' })).body.id;
  // Wednesday of 2026-W45 holds two hours of manual time; the week before has a row of a project archived since.
  const manual = await server.admin.post('/time-entries', {
    project_id: website,
    start_time: '2026-11-04T09:00:00Z',
    end_time: '2026-11-04T11:00:00Z',
  });
  expect(manual.status).toBe(201);
  const old = await server.admin.post('/time-entries', {
    project_id: archived,
    start_time: '2026-10-27T09:00:00Z',
    end_time: '2026-10-27T10:00:00Z',
  });
  expect(old.status).toBe(201);
  expect((await server.admin.patch(`/projects/${archived}`, { status: 'archived' })).status).toBe(200);
});
afterAll(() => server.close());

async function renderWeek() {
  window.history.replaceState(null, '', '/timesheet?week=2026-W45');
  await renderInApp(<TimesheetPage />);
  await screen.findByRole('table', {}, SLOW);
}

const input = (name: string) => screen.getByRole('textbox', { name });

describe('TimesheetPage', () => {
  it('saves a typed total, moves on with Tab and Enter, sums the totals, and Escape puts a cell back', async () => {
    const user = userEvent.setup();
    await renderWeek();
    expect(screen.getByTestId('timesheet-period').textContent).toBe('Week 45 · 2026-11-02 – 2026-11-08');
    const monday = input('Website, Monday 2026-11-02');
    await user.click(monday);
    await user.keyboard('1:30{Tab}');
    // At once on screen, then on the server.
    expect(screen.getByTestId('week-total').textContent).toBe('3:30');
    expect(document.activeElement).toBe(input('Website, Tuesday 2026-11-03'));
    await waitFor(async () => expect(await cellSeconds('2026-W45', website, 0)).toBe(5400), SLOW);
    const row = screen.getByRole('row', { name: /^Website/ });
    expect(within(row).getAllByRole('cell').at(-1)?.textContent).toBe('3:30');

    await user.keyboard('45m{Enter}');
    await waitFor(async () => expect(await cellSeconds('2026-W45', website, 1)).toBe(2700), SLOW);
    expect(input('Website, Tuesday 2026-11-03')).toHaveProperty('value', '0:45');
    expect(screen.getByTestId('day-total-1').textContent).toBe('0:45');

    await user.click(monday);
    await user.keyboard('9{Escape}');
    expect(monday).toHaveProperty('value', '1:30');
    await user.tab();
    expect(await cellSeconds('2026-W45', website, 0)).toBe(5400);
  });

  it('explains a cell with manual time instead of rewriting it, and adds beside it only when asked', async () => {
    const user = userEvent.setup();
    await renderWeek();
    const wednesday = input('Website, Wednesday 2026-11-04');
    await user.click(wednesday);
    expect(screen.getByText(/^2:00 of this day come from the timer, manual entries or imports/)).toBeTruthy();
    await user.keyboard('1{Enter}');
    expect(await screen.findByText(/^This day already has 2:00 from the timer, manual entries or imports/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open these entries' }).getAttribute('href')).toBe(
      `/entries?range=custom&from=2026-11-04&to=2026-11-04&project_id=${website}`,
    );
    expect(await cellSeconds('2026-W45', website, 2)).toBe(7200);

    await user.click(wednesday);
    await user.keyboard('{Control>}a{/Control}3:00{Tab}');
    expect(await screen.findByText(/^The 2:00 from other entries stay as they are; .* becomes 1:00\./)).toBeTruthy();
    expect(await cellSeconds('2026-W45', website, 2)).toBe(7200);
    await user.click(screen.getByRole('button', { name: 'Set to 3:00' }));
    await waitFor(async () => expect(await cellSeconds('2026-W45', website, 2)).toBe(10_800), SLOW);
  });

  it('copies last week’s rows empty, and shows a refusal beside the cell while the cell goes back', async () => {
    const user = userEvent.setup();
    await renderWeek();
    expect(screen.queryByRole('row', { name: /^Old client/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Copy last week’s rows' }));
    expect(await screen.findByText('1 row from last week added.', {}, SLOW)).toBeTruthy();
    const cell = input('Old client, Thursday 2026-11-05');
    expect(cell).toHaveProperty('value', '');
    await user.click(cell);
    await user.keyboard('2{Tab}');
    expect(
      await screen.findByText('Not saved: The project is archived; unarchive it before tracking time on it.', {}, SLOW),
    ).toBeTruthy();
    expect(cell).toHaveProperty('value', '');
    expect(screen.getByTestId('day-total-3').textContent).toBe('0:00');
  });
});
