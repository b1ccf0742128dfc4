// The import dialog against a real server: a file is checked first (nothing written), then imported; row errors
// block the import and are listed; the dialog speaks the user's language.
import fs from 'node:fs';
import path from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../test/web/real-server.js';
import { renderInApp } from '../../../test/web/render.js';
import { ImportDialog } from './ImportDialog.js';

const TOGGL = fs.readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/imports/toggl-detailed.csv'), 'utf8');

let server: WebTestServer;
beforeAll(async () => {
  server = await startWebTestServer();
  // The fixture's wall-clock times are Berlin's (Toggl exports in the account's zone); the importer reads them in
  // the user's time zone.
  await server.admin.patch('/users/me/preferences', { timezone: 'Europe/Berlin' });
});
afterAll(() => server.close());

async function entryCount(): Promise<number> {
  const res = await server.admin.get('/time-entries?limit=500');
  return res.body.items.length;
}

function csvFile(text: string, name = 'report.csv'): File {
  return new File([text], name, { type: 'text/csv' });
}

describe('ImportDialog', () => {
  // Before the import below: afterwards these rows would overlap the imported ones.
  it('reads the times in the zone chosen for the file', async () => {
    const user = userEvent.setup();
    await renderInApp(<ImportDialog open onClose={() => undefined} />);
    await user.selectOptions(screen.getByLabelText('Time zone of the file'), 'Europe/London');
    await user.upload(screen.getByLabelText('CSV file'), csvFile(TOGGL));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    const summary = await screen.findByTestId('import-summary');
    expect(summary.textContent).toBe('4 to import, 0 already there.');
    // 09:00 in London is 10:00 in Berlin, the user's zone.
    const first = screen.getByRole('table').querySelector('tbody tr')?.textContent ?? '';
    expect(first).toContain('10:00–11:30');
  });

  it('checks a Toggl file without writing, then imports it and closes', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup();
    await renderInApp(<ImportDialog open onClose={onClose} />);
    const check = screen.getByRole('button', { name: 'Check file' });
    expect((check as HTMLButtonElement).disabled).toBe(true);

    await user.upload(screen.getByLabelText('CSV file'), csvFile(TOGGL));
    await user.click(check);
    const summary = await screen.findByTestId('import-summary');
    const rows = TOGGL.trim().split('\n').length - 1;
    expect(summary.textContent).toBe(`${rows} to import, 0 already there.`);
    expect(screen.getByText('Toggl Track', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText(/Will also create/).textContent).toMatch(/client.*project/);
    // The rows as they will be stored, in the user's zone (Berlin): the file's wall-clock times come back unchanged.
    const preview = screen.getByRole('table');
    const cells = [...preview.querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(cells).toHaveLength(rows);
    expect(cells[0]).toContain('09:00–10:30');
    expect(cells[0]).toContain('1:30');
    expect(cells[0]).toContain('Acme · Website · Design');
    expect(await entryCount()).toBe(0);

    await user.click(screen.getByRole('button', { name: `Import ${rows} entries` }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(await entryCount()).toBe(rows);
    expect(await screen.findByText(`${rows} entries imported.`)).toBeTruthy();
    // The imported rows lie in late October and early November, not in "this week": the toast leads there.
    await user.click(screen.getByRole('button', { name: 'Show imported entries' }));
    expect(window.location.pathname + window.location.search).toBe('/entries?range=custom&from=2026-10-24&to=2026-11-03');
  });

  it('lists row errors and offers no import; a second check of the same file finds the duplicates', async () => {
    const user = userEvent.setup();
    await renderInApp(<ImportDialog open onClose={() => undefined} />);
    const header = TOGGL.split('\n')[0];
    const broken = `${header}\nAlice,a@x.test,Acme,Website,,Broken,Yes,2026-13-40,09:00:00,2026-11-02,10:00:00,01:00:00,,\n`;
    await user.upload(screen.getByLabelText('CSV file'), csvFile(broken));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    expect((await screen.findByTestId('import-summary')).textContent).toMatch(/1 row has errors/);
    expect(screen.getByText(/^Row 2:/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Import / })).toBeNull();

    // The same rows as the first test: all already there.
    await user.upload(screen.getByLabelText('CSV file'), csvFile(TOGGL));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    const rows = TOGGL.trim().split('\n').length - 1;
    expect((await screen.findByTestId('import-summary')).textContent).toBe(`0 to import, ${rows} already there.`);
  });

  it('speaks German', async () => {
    const user = userEvent.setup();
    await renderInApp(<ImportDialog open onClose={() => undefined} />, 'de');
    await user.upload(screen.getByLabelText('CSV-Datei'), csvFile(TOGGL));
    await user.click(screen.getByRole('button', { name: 'Datei prüfen' }));
    expect((await screen.findByTestId('import-summary')).textContent).toMatch(/bereits vorhanden/);
  });
});
