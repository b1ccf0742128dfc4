// The running timer heads the entries list against a real server: only when the list's filters include it and its
// range includes now; from the row it is edited in place, discarded (with undo) and stopped.
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { adminSession, InSession, visit, type AdminSession } from '../../../../test/web/session.js';
import { EntriesPage } from './EntriesPage.js';

configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
let session: AdminSession;
let website: number;
let mobile: number;

beforeAll(async () => {
  server = await startWebTestServer();
  // Stops of a few seconds are kept without the "keep it?" question here.
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC', min_timer_seconds: 0 });
  session = await adminSession(server);
  website = (await server.admin.post('/projects', { name: 'Website' })).body.id;
  mobile = (await server.admin.post('/projects', { name: 'Mobile app' })).body.id;
  // A finished entry last week, so "last week" has a list of its own.
  const lastWeek = Date.now() - 7 * 86_400_000;
  await server.admin.post('/time-entries', {
    project_id: website,
    start_time: new Date(lastWeek).toISOString(),
    duration_seconds: 600,
    notes: 'Last week',
  });
}, 60_000);
afterAll(() => server.close());

const serverTimer = async () => (await server.admin.get('/timer')).body.timer;
const runningRegion = () => screen.queryByRole('region', { name: 'Running now' });

async function showEntries(href: string) {
  visit(href);
  const user = userEvent.setup();
  await renderInApp(
    <InSession session={session}>
      <EntriesPage />
    </InSession>,
  );
  return user;
}

describe('the running timer in the entries list', () => {
  it('heads this week’s list, and not last week’s nor another project’s', async () => {
    await server.admin.post('/timer/start', { project_id: website, notes: 'Homepage' });
    await showEntries('/entries?range=this_week');
    const region = await screen.findByRole('region', { name: 'Running now' });
    expect(within(region).getByText('Homepage')).toBeTruthy();
    expect(within(region).getByRole('timer').textContent).toMatch(/^0:00:\d\d$/);
    expect(within(region).getByRole('button', { name: 'Stop' })).toBeTruthy();

    cleanup();
    await showEntries('/entries?range=last_week');
    await screen.findByText('Last week');
    expect(runningRegion()).toBeNull();

    cleanup();
    await showEntries(`/entries?range=this_week&project_id=${mobile}`);
    await waitFor(() => expect(document.querySelector('.empty, li.entry')).not.toBeNull());
    expect(runningRegion()).toBeNull();
  });

  it('is edited, discarded with undo and stopped from its row', async () => {
    const user = await showEntries('/entries?range=this_week');
    let region = await screen.findByRole('region', { name: 'Running now' });
    await user.click(within(region).getByRole('button', { name: 'Edit' }));
    const notes = within(region).getByLabelText('What are you working on?');
    await user.clear(notes);
    await user.type(notes, 'Homepage hero');
    await user.click(within(region).getByRole('button', { name: 'Save' }));
    await within(region).findByText('Homepage hero');
    await waitFor(async () => expect((await serverTimer()).notes).toBe('Homepage hero'));

    await user.click(within(region).getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(runningRegion()).toBeNull());
    await waitFor(async () => expect(await serverTimer()).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    region = await screen.findByRole('region', { name: 'Running now' });
    expect((await serverTimer()).notes).toBe('Homepage hero');

    await user.click(within(region).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(runningRegion()).toBeNull());
    // Now a finished entry of the list.
    await waitFor(() =>
      expect(document.querySelector('li.entry[data-entry-id] .entry-notes')?.textContent).toBe('Homepage hero'),
    );
    expect(await serverTimer()).toBeNull();
  });
});
