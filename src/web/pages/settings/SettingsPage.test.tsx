// Settings against a real server: timer-stop rounding and report rounding are separate, labelled groups saved as
// the preferences they name; the time zone is found by typing; the theme shows as soon as it is chosen.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { SettingsPage } from '../SettingsPage.js';

configure({ asyncUtilTimeout: 10_000 });

let server: WebTestServer;
beforeAll(async () => {
  server = await startWebTestServer();
});
afterAll(() => server.close());

const prefs = async () => (await server.admin.get('/users/me/preferences')).body;

async function renderSettings() {
  const user = userEvent.setup();
  await renderInApp(<SettingsPage />);
  await screen.findByRole('heading', { name: 'Preferences' });
  return user;
}

describe('settings', () => {
  it('keeps timer stops and reports apart, each group saving its own preferences', async () => {
    const user = await renderSettings();
    const timer = screen.getByRole('group', { name: 'Timer stops' });
    const reports = screen.getByRole('group', { name: 'Reports, exports and invoices' });
    expect(timer.textContent).toContain('How a stopped timer is stored.');
    expect(reports.textContent).toContain('Stored times never change.');
    // Minutes and method mean nothing without report rounding.
    expect((within(reports).getByLabelText('Round reports to') as HTMLSelectElement).disabled).toBe(true);

    await user.selectOptions(within(timer).getByLabelText('Minimum duration to keep'), '2 minutes');
    await user.selectOptions(within(reports).getByLabelText('Rounding in reports'), 'Each day');
    await user.selectOptions(within(reports).getByLabelText('Round reports to'), '15 minutes');
    await user.selectOptions(within(reports).getByLabelText('Rounding method in reports'), 'Always up');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await screen.findByText('Preferences saved.');
    expect(await prefs()).toMatchObject({
      min_timer_seconds: 120,
      report_rounding: 'day',
      report_rounding_minutes: 15,
      report_rounding_method: 'up',
      // Timer-stop rounding untouched.
      rounding_minutes: 1,
    });
  });

  it('finds a time zone by typing part of its name', async () => {
    const user = await renderSettings();
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'new york');
    await user.click(await screen.findByRole('option', { name: 'America/New York' }));
    expect((zone as HTMLInputElement).value).toBe('America/New York');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    await screen.findByText('Preferences saved.');
    expect((await prefs()).timezone).toBe('America/New_York');
  });

  it('previews the theme as soon as it is chosen', async () => {
    const user = await renderSettings();
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Light' })).toHaveProperty('checked', true));
  });
});
