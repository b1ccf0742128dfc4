// Correcting and discarding the running timer from its card, against a real server: the change shows at once and
// is stored; a refusal comes back beside the field it concerns; a discard can be undone (the same timer runs on);
// a timer stopped under the minimum to keep asks whether to keep it.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { TimerProvider } from '../../state/timer.js';
import { TimerCard } from './TimerCard.js';

configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let website: number;
beforeAll(async () => {
  server = await startWebTestServer();
  website = (await server.admin.post('/projects', { name: 'Website' })).body.id;
  await server.admin.post('/projects', { name: 'Intranet' });
});
afterAll(() => server.close());

const card = () => screen.getByRole('region', { name: 'Timer' });
const serverTimer = async () => (await server.admin.get('/timer')).body.timer;
const iso = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

async function renderRunning() {
  const user = userEvent.setup();
  await renderInApp(
    <TimerProvider>
      <TimerCard />
    </TimerProvider>,
  );
  // The card replaces its loading skeleton: found from the screen, not within the skeleton's section.
  await screen.findByRole('button', { name: /^Stop/ });
  return user;
}

describe('the running timer card', () => {
  it('moves the start ten minutes back and changes the project, shown at once and stored', async () => {
    const started = (await server.admin.post('/timer/start', { project_id: website, notes: 'Homepage' })).body.timer;
    const user = await renderRunning();
    await user.click(within(card()).getByRole('button', { name: 'Edit' }));
    const editor = within(card()).getByRole('form', { name: 'Edit the running timer' });
    await user.click(within(editor).getByRole('button', { name: '−5 min' }));
    await user.click(within(editor).getByRole('button', { name: '−5 min' }));
    const picker = await within(editor).findByRole('combobox', { name: 'Project or task' });
    await user.clear(picker);
    await user.type(picker, 'Intra');
    await user.click(await screen.findByRole('option', { name: /Intranet/ }));
    await user.click(within(editor).getByRole('button', { name: 'Save' }));

    // At once: the card shows the new project and at least ten minutes.
    await within(card()).findByText('Intranet');
    expect(within(card()).getByRole('timer').textContent).toMatch(/^0:1\d:\d\d/);
    await waitFor(async () => {
      const stored = await serverTimer();
      expect(stored.id).toBe(started.id);
      expect(Date.parse(started.start_time) - Date.parse(stored.start_time)).toBe(600_000);
      expect(stored.notes).toBe('Homepage');
    });
    expect((await serverTimer()).project_id).not.toBe(website);
  });

  it('says beside the start field when it cannot read it, and when another entry lies after it', async () => {
    const user = await renderRunning();
    await user.click(within(card()).getByRole('button', { name: 'Edit' }));
    const editor = within(card()).getByRole('form', { name: 'Edit the running timer' });
    const start = within(editor).getByLabelText('Started at');
    await user.clear(start);
    await user.type(start, 'soon');
    await user.click(within(editor).getByRole('button', { name: 'Save' }));
    expect(within(editor).getByRole('alert').textContent).toBe('Type a time such as 9:05.');

    // An entry of 20 minutes ago: moving the start before it would overlap it, which the server refuses.
    const timer = await serverTimer();
    const begin = Date.parse(timer.start_time);
    await server.admin.post('/time-entries', {
      project_id: website,
      start_time: iso(begin - 14 * 60_000),
      end_time: iso(begin - 12 * 60_000),
    });
    await user.click(within(editor).getByRole('button', { name: 'Cancel' }));
    await user.click(within(card()).getByRole('button', { name: 'Edit' }));
    const again = within(card()).getByRole('form', { name: 'Edit the running timer' });
    for (let i = 0; i < 3; i++) await user.click(within(again).getByRole('button', { name: '−5 min' }));
    await user.click(within(again).getByRole('button', { name: 'Save' }));
    const error = await within(card()).findByText('The time overlaps another time entry.');
    expect(error.closest('.field')?.querySelector('label')?.textContent).toBe('Started at');
    // The editor is back (not hidden while saving), with what was chosen.
    expect(error.closest('[hidden]')).toBeNull();
    // Rolled back: the server kept the start it had.
    expect((await serverTimer()).start_time).toBe(timer.start_time);
  });

  it('discards the timer, and Undo brings the same timer back running', async () => {
    const id = (await serverTimer()).id;
    const user = await renderRunning();
    await user.click(within(card()).getByRole('button', { name: 'Discard' }));
    await screen.findByRole('button', { name: /^Start/ });
    await waitFor(async () => expect(await serverTimer()).toBeNull());
    expect(screen.getByText('Timer discarded.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByRole('button', { name: /^Stop/ });
    expect((await serverTimer()).id).toBe(id);
  });

  it('asks whether to keep a timer stopped under the minimum: not kept, then undone', async () => {
    // The timer restored above is minutes old; a fresh one is seconds old.
    await server.admin.post('/timer/stop', {});
    const fresh = (await server.admin.post('/timer/start', { project_id: website, notes: 'Quick call' })).body.timer;
    const user = await renderRunning();
    await user.click(within(card()).getByRole('button', { name: /^Stop/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Keep this short timer?' });
    expect(dialog.textContent).toMatch(/ran only 0:00:\d\d/);
    await user.click(within(dialog).getByRole('button', { name: 'Don’t keep' }));
    await screen.findByText('Short timer not kept.');
    const listed = async () => (await server.admin.get('/time-entries?limit=20')).body.items.map((e: { id: number }) => e.id);
    await waitFor(async () => expect(await listed()).not.toContain(fresh.id));

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(async () => expect(await listed()).toContain(fresh.id));
  });

  it('keeps a short timer when asked to, unrounded', async () => {
    await server.admin.patch('/users/me/preferences', { rounding_minutes: 15, rounding_method: 'up' });
    const fresh = (await server.admin.post('/timer/start', { project_id: website })).body.timer;
    const user = await renderRunning();
    await user.click(within(card()).getByRole('button', { name: /^Stop/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Keep this short timer?' });
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    await screen.findByText(/^Stopped: 0:00:\d\d recorded\./);
    const kept = (await server.admin.get('/time-entries?limit=20')).body.items.find((e: { id: number }) => e.id === fresh.id);
    expect(kept.duration_seconds).toBeLessThan(60);
  });
});
