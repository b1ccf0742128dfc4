// Invoicing settings against a real server: the number pattern's example follows what is typed, the shared rules
// refuse a wrong IBAN beside its field (nothing is saved), and a save stores the issuer's data.
import { configure, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from '../../../../test/web/real-server.js';
import { renderInApp } from '../../../../test/web/render.js';
import { InvoicingSettingsSection } from './InvoicingSettings.js';

configure({ asyncUtilTimeout: 10_000 });
let server: WebTestServer;

beforeAll(async () => {
  server = await startWebTestServer();
  await server.admin.patch('/users/me/preferences', { timezone: 'UTC' });
});
afterAll(() => server.close());

describe('InvoicingSettingsSection', () => {
  it('shows the next number of the pattern, refuses a wrong IBAN and saves the issuer', async () => {
    const user = userEvent.setup();
    await renderInApp(<InvoicingSettingsSection />);
    const pattern = await screen.findByLabelText('Number pattern');
    const year = new Date().getUTCFullYear();
    const month = String(new Date().getUTCMonth() + 1).padStart(2, '0');
    expect(screen.getByText(`The next number of a new sequence: ${year}-0001`)).toBeTruthy();
    await user.clear(pattern);
    await user.type(pattern, 'RE-{{YY}{{MM}-{{seq:3}');
    expect(screen.getByText(`The next number of a new sequence: RE-${String(year % 100)}${month}-001`)).toBeTruthy();
    await user.clear(pattern);
    await user.type(pattern, 'RE-{{YY}');
    expect(screen.getByText(/^Tokens \{YYYY\}, \{YY\}, \{MM\} and \{seq\}/)).toBeTruthy();
    await user.type(pattern, '-{{seq}');

    await user.type(screen.getByLabelText('Company name'), 'Tracker Studio');
    await user.type(screen.getByLabelText('Street address'), 'Hauptstraße 1{Enter}Hinterhaus');
    await user.type(screen.getByLabelText('Country'), 'de');
    await user.type(screen.getByLabelText('IBAN'), 'DE00 1234');
    await user.click(screen.getByRole('button', { name: 'Save invoicing settings' }));
    expect(await screen.findByText(/IBAN/, { selector: '.field-error' })).toBeTruthy();
    expect((await server.admin.get('/settings/invoicing')).body.company_name).toBeNull();

    await user.clear(screen.getByLabelText('IBAN'));
    await user.type(screen.getByLabelText('IBAN'), 'DE89 3704 0044 0532 0130 00');
    await user.click(screen.getByRole('button', { name: 'Save invoicing settings' }));
    await waitFor(async () =>
      expect((await server.admin.get('/settings/invoicing')).body).toMatchObject({
        company_name: 'Tracker Studio',
        address_lines: ['Hauptstraße 1', 'Hinterhaus'],
        country_code: 'DE',
        iban: 'DE89370400440532013000',
        number_pattern: 'RE-{YY}-{seq}',
      }),
    );
  });
});
