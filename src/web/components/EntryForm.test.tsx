// The entry form checks what was typed, then the body against the server's shared schema, and shows each problem
// next to its field in the UI's language without sending anything.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeFormat, DEFAULT_PREFERENCES } from '../lib/time.js';
import { aProject, renderWithApp } from '../testing/render.js';
import { EntryForm, emptyValues } from './EntryForm.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const fmt = new TimeFormat({ ...DEFAULT_PREFERENCES, timezone: 'UTC' });
const now = Date.parse('2026-12-01T12:00:00Z') / 1000;

describe('the entry form', () => {
  it('asks for a project and refuses a tag with a control character, in German, and sends nothing', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user } = await renderWithApp(
      <EntryForm idPrefix="new" initial={emptyValues(fmt, now)} submitLabel="Go" onSubmit={onSubmit} />,
      { language: 'de', catalog: { projects: [aProject(1, 'Website')] } },
    );
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(await screen.findByText('Wählen Sie ein Projekt.')).toBeTruthy();

    await user.click(await screen.findByRole('combobox', { name: 'Projekt' }));
    await user.keyboard('web');
    // The picker is a chunk of its own: wait until it offers the project before choosing it.
    await screen.findByRole('option', { name: /^Website/ });
    await user.keyboard('{Enter}');
    fireEvent.change(screen.getByLabelText('Schlagwörter'), { target: { value: 'gut, zwei\u0007klang' } });
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(await screen.findByText('Zeilenumbrüche und andere Steuerzeichen sind hier nicht erlaubt.')).toBeTruthy();
    expect(screen.queryByText('Wählen Sie ein Projekt.')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the body once the values are right', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user } = await renderWithApp(
      <EntryForm idPrefix="new" initial={{ ...emptyValues(fmt, now), project_id: 1 }} submitLabel="Go" onSubmit={onSubmit} />,
      { catalog: { projects: [aProject(1, 'Website', { billable: false })] } },
    );
    await user.type(screen.getByLabelText('Tags'), 'design, Launch');
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        project_id: 1,
        start_time: '2026-12-01T11:00:00Z',
        end_time: '2026-12-01T12:00:00Z',
        tags: ['design', 'Launch'],
      }),
    );
  });
});
