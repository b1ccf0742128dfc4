// The calendar against a real server: the week shows the entries as blocks in the user's zone, a block moved with
// the keyboard is moved on the server (and Undo puts it back), and a move the overlap rule refuses springs back
// with the server's reason.
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { TimerProvider } from '../../state/timer.js';
import { CalendarPage } from './CalendarPage.js';

let server: WebTestServer;
/** Room for a busy machine: the server answers in its own process. */
const SLOW = { timeout: 10_000 };
let projectId: number;

/** Berlin wall time on 2026-11-04 (UTC+1 then) as an ISO instant. */
const berlin = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(2026, 10, 4, h - 1, m)).toISOString().replace('.000Z', 'Z');
};

async function addEntry(from: string, to: string, notes: string): Promise<number> {
  const res = await server.admin.post('/time-entries', {
    project_id: projectId,
    start_time: berlin(from),
    end_time: berlin(to),
    notes,
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

async function entry(id: number): Promise<{ start_time: string; end_time: string }> {
  return (await server.admin.get(`/time-entries/${id}`)).body;
}

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'Europe/Berlin', time_format: '24h', week_start: 1 });
  projectId = (await server.admin.post('/projects', { name: 'Website' })).body.id;
});
afterAll(() => server.close());

async function renderWeek() {
  window.history.replaceState(null, '', '/calendar?view=week&date=2026-11-04');
  await renderInApp(
    <TimerProvider>
      <CalendarPage />
    </TimerProvider>,
  );
}

describe('CalendarPage', () => {
  it('shows the week in the user’s zone, moves a block with the keyboard on the server, and undoes it', async () => {
    const id = await addEntry('09:00', '10:00', 'Design review');
    const user = userEvent.setup();
    await renderWeek();
    expect(screen.getByTestId('calendar-period').textContent).toBe('2026-11-02 – 2026-11-08');
    const block = await screen.findByRole('button', { name: 'Website, 09:00–10:00, 1:00, Design review' }, SLOW);
    expect(block.closest('[data-day]')?.getAttribute('data-day')).toBe('2026-11-04');

    block.focus();
    await user.keyboard('{ArrowDown}');
    // At once on screen, then on the server.
    expect(await screen.findByRole('button', { name: 'Website, 09:15–10:15, 1:00, Design review' }, SLOW)).toBe(
      document.activeElement,
    );
    await waitFor(async () => expect((await entry(id)).start_time).toBe(berlin('09:15')), SLOW);
    expect((await entry(id)).end_time).toBe(berlin('10:15'));

    // Shift+Down makes it longer; the end moves, the start stays.
    await user.keyboard('{Shift>}{ArrowDown}{/Shift}');
    await waitFor(async () => expect((await entry(id)).end_time).toBe(berlin('10:30')), SLOW);
    expect((await entry(id)).start_time).toBe(berlin('09:15'));

    // Each change has its own Undo; the newest (the resize) is last.
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'Undo' })).toHaveLength(2), SLOW);
    await user.click(screen.getAllByRole('button', { name: 'Undo' })[1]!);
    await waitFor(async () => expect((await entry(id)).end_time).toBe(berlin('10:15')), SLOW);
    expect(await screen.findByText('Change undone.', {}, SLOW)).toBeTruthy();
  });

  it('refuses a move onto another entry: the block springs back and the server’s reason is shown', async () => {
    const first = await addEntry('13:00', '14:00', 'Call');
    const second = await addEntry('14:00', '15:00', 'Write-up');
    const user = userEvent.setup();
    await renderWeek();
    const block = await screen.findByRole('button', { name: 'Website, 13:00–14:00, 1:00, Call' }, SLOW);
    block.focus();
    await user.keyboard('{ArrowDown}');
    expect(await screen.findByText('The time overlaps another time entry.', {}, SLOW)).toBeTruthy();
    await screen.findByRole('button', { name: 'Website, 13:00–14:00, 1:00, Call' }, SLOW);
    expect(screen.queryByRole('button', { name: /13:15–14:15/ })).toBeNull();
    expect(await entry(first)).toMatchObject({ start_time: berlin('13:00'), end_time: berlin('14:00') });
    expect(await entry(second)).toMatchObject({ start_time: berlin('14:00'), end_time: berlin('15:00') });
  });
  it('leads to today with the running timer drawn as a growing block', async () => {
    expect((await server.admin.post('/timer/start', { project_id: projectId, notes: 'Live' })).status).toBe(201);
    const user = userEvent.setup();
    await renderWeek();
    await user.click(screen.getByRole('button', { name: 'Today' }));
    expect(new URLSearchParams(window.location.search).get('view')).toBe('week');
    const running = await screen.findByRole('img', { name: /^Website, running since \d{2}:\d{2}, Live$/ }, SLOW);
    expect(running.closest('[data-day]')?.getAttribute('data-day')).toBe(new URLSearchParams(window.location.search).get('date'));
    expect(running.textContent).toMatch(/· 0:00:\d{2}/);
  });
});
