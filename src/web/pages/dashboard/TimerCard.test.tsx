// The timer card against a real server: starting, pausing, resuming and stopping show at once and reach the
// server; when the server refuses (the timer was stopped in another tab meanwhile), the card puts back what the
// server says and tells why.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { TimerProvider } from '../../state/timer.js';
import { TimerCard } from './TimerCard.js';

// The server is a process of its own, on a machine that may be busy.
configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.post('/projects', { name: 'Website' });
  // These timers run for seconds: kept without the "keep it?" question (TimerEditor.test.tsx asks it).
  await server.admin.patch('/users/me/preferences', { min_timer_seconds: 0 });
});
afterAll(() => server.close());

const card = () => screen.getByRole('region', { name: 'Timer' });
const serverTimer = async () => (await server.admin.get('/timer')).body.timer;

async function renderCard(showing: RegExp = /^Start/) {
  const user = userEvent.setup();
  await renderInApp(
    <TimerProvider>
      <TimerCard />
    </TimerProvider>,
  );
  await screen.findByRole('button', { name: showing });
  return user;
}

describe('the timer card', () => {
  it('starts, pauses, resumes and stops, each shown at once and stored', async () => {
    const user = await renderCard();
    const picker = await screen.findByRole('combobox', { name: 'Project or task' });
    await user.click(picker);
    await user.type(picker, 'Webs');
    await user.keyboard('{Enter}');
    await user.type(screen.getByLabelText('What are you working on?'), 'Homepage');
    await user.click(screen.getByRole('button', { name: /^Start/ }));

    // Running: the card turns into the running timer before the server has answered.
    await within(card()).findByRole('button', { name: /^Stop/ });
    await waitFor(async () => expect(await serverTimer()).toMatchObject({ notes: 'Homepage', paused: false }));

    await user.click(within(card()).getByRole('button', { name: 'Pause' }));
    expect(within(card()).getByText('paused')).toBeTruthy();
    await waitFor(async () => expect((await serverTimer()).paused).toBe(true));

    await user.click(within(card()).getByRole('button', { name: 'Resume' }));
    expect(within(card()).queryByText('paused')).toBeNull();
    await waitFor(async () => expect((await serverTimer()).paused).toBe(false));

    await user.click(within(card()).getByRole('button', { name: /^Stop/ }));
    await screen.findByRole('button', { name: /^Start/ });
    await waitFor(async () => expect(await serverTimer()).toBeNull());
    const entries = (await server.admin.get('/time-entries?limit=5')).body.items;
    expect(entries[0]).toMatchObject({ notes: 'Homepage', source: 'timer' });
    expect(await screen.findByText(/^Stopped: [\d:]+ recorded\./)).toBeTruthy();
  });

  it('puts the server’s state back and says why when a stop is refused', async () => {
    const projectId = (await server.admin.get('/projects')).body.items[0].id;
    await server.admin.post('/timer/start', { project_id: projectId, notes: 'Elsewhere' });
    const user = await renderCard(/^Stop/);
    const stop = within(card()).getByRole('button', { name: /^Stop/ });

    // Stopped in another tab meanwhile (no live stream here to tell this one).
    await server.admin.post('/timer/stop', {});
    await user.click(stop);
    // The optimistic "stopped" would look like success; the server's answer says there was nothing to stop.
    expect(await screen.findByText('No timer is running.')).toBeTruthy();
    await screen.findByRole('button', { name: /^Start/ });
    expect(await serverTimer()).toBeNull();
  });
});
