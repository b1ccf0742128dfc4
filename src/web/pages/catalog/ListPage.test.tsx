// The generic list page's create form checks its values with the server's shared zod schema before sending, and
// says each rule's message in the UI's language; nothing reaches the network while a field is wrong.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aClient, aProject, renderWithApp } from '../../testing/render.js';
import { ClientsPage } from './clients.js';
import { TasksPage } from './tasks.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the catalog form', () => {
  it('shows the shared rules’ messages in English next to their fields and sends nothing', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { user } = await renderWithApp(<ClientsPage />, { catalog: { clients: [aClient(1, 'Globex')] } });
    await user.click(screen.getByRole('button', { name: 'New client' }));
    const dialog = screen.getByRole('dialog', { name: 'New client' });
    await user.type(within(dialog).getByLabelText('E-mail'), 'not-an-address');
    await user.type(within(dialog).getByLabelText('Default hourly rate (EUR)'), '12.345');
    await user.click(within(dialog).getByRole('button', { name: 'Create client' }));

    expect(await within(dialog).findByText('This field must not be empty.')).toBeTruthy();
    expect(within(dialog).getByText('Enter an e-mail address such as name@example.com.')).toBeTruthy();
    expect(within(dialog).getByText('Enter an amount such as 85 or 85.50.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('says the same rules in German', async () => {
    const { user } = await renderWithApp(<ClientsPage />, { language: 'de' });
    await user.click(screen.getByRole('button', { name: 'Neuer Kunde' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Kunde' });
    // A control character (a pasted bell) is refused by the shared name rule.
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'Zeile\u0007Umbruch' } });
    await user.type(within(dialog).getByLabelText('E-Mail'), 'kein@');
    await user.click(within(dialog).getByRole('button', { name: 'Kunden anlegen' }));

    expect(await within(dialog).findByText('Zeilenumbrüche und andere Steuerzeichen sind hier nicht erlaubt.')).toBeTruthy();
    expect(within(dialog).getByText('Geben Sie eine E-Mail-Adresse wie name@example.com ein.')).toBeTruthy();
  });

  it('asks for a project and a number of hours in the task form (checks the schema makes with zod’s own words)', async () => {
    const { user } = await renderWithApp(<TasksPage />, {
      language: 'de',
      catalog: { projects: [aProject(7, 'Intern', { status: 'archived' })] },
    });
    await user.click(screen.getByRole('button', { name: 'Neue Aufgabe' }));
    const dialog = screen.getByRole('dialog', { name: 'Neue Aufgabe' });
    await user.type(within(dialog).getByLabelText('Name'), 'Prüfliste');
    await user.type(within(dialog).getByLabelText('Schätzung (Stunden)'), 'viel');
    await user.click(within(dialog).getByRole('button', { name: 'Aufgabe anlegen' }));

    expect(await within(dialog).findByText('Wählen Sie ein Projekt.')).toBeTruthy();
    expect(within(dialog).getByText('Geben Sie eine Stundenzahl ein.')).toBeTruthy();
  });
});
