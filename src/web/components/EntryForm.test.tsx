// The entry form checks what was typed, then the body against the server's shared schema, and shows each problem
// next to its field in the UI's language without sending anything.
import { cleanup, configure, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeFormat, DEFAULT_PREFERENCES } from '../lib/time.js';
import { aProject, renderWithApp } from '../testing/render.js';
import { EntryForm, emptyValues } from './EntryForm.js';

// The project picker is a chunk of its own, which a busy machine may take more than a second to load.
configure({ asyncUtilTimeout: 10_000 });

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

describe('the entry form’s time', () => {
  const base = { ...emptyValues(fmt, now), project_id: 1 };
  const catalog = { projects: [aProject(1, 'Website')] };

  it('asks whether an end before the start ends the next day, and never assumes it', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user } = await renderWithApp(
      <EntryForm idPrefix="new" initial={{ ...base, start: '22:00', end: '01:00' }} submitLabel="Go" onSubmit={onSubmit} />,
      { catalog },
    );
    expect(screen.getByText('The end is before the start. Ends the next day?')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(await screen.findByText(/^The end is before the start\. Fix the time/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'No, fix the time' }));
    expect(document.activeElement).toBe(screen.getByLabelText('End'));
    await user.click(screen.getByRole('button', { name: 'Yes, the next day' }));
    expect(screen.getByText('Ends the next day.')).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Duration' }) as HTMLInputElement).value).toBe('3:00');
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ start_time: '2026-12-01T22:00:00Z', end_time: '2026-12-02T01:00:00Z' }),
    );
  });

  it('keeps the duration and the end in step, the break counted', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const { user } = await renderWithApp(
      <EntryForm idPrefix="edit-1" compact initial={base} submitLabel="Save" onSubmit={onSubmit} />,
      { catalog },
    );
    const end = screen.getByLabelText('End') as HTMLInputElement;
    const duration = screen.getByLabelText('Duration') as HTMLInputElement;
    await user.clear(end);
    await user.type(end, '13:00');
    expect(duration.value).toBe('2:00');
    await user.type(screen.getByLabelText('Break (optional)'), '0:30');
    expect(duration.value).toBe('1:30');
    await user.clear(duration);
    await user.type(duration, '3:00');
    expect(end.value).toBe('14:30');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ start_time: '2026-12-01T11:00:00Z', end_time: '2026-12-01T14:30:00Z', break_seconds: 1800 }),
    );
  });

  it('shows and reads the date in the user’s format', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const de = new TimeFormat({ ...DEFAULT_PREFERENCES, timezone: 'UTC', date_format: 'DD.MM.YYYY' });
    const { user } = await renderWithApp(
      <EntryForm idPrefix="new" initial={{ ...emptyValues(de, now), project_id: 1 }} submitLabel="Go" onSubmit={onSubmit} />,
      { catalog, preferences: { date_format: 'DD.MM.YYYY' } },
    );
    const date = screen.getByLabelText('Date') as HTMLInputElement;
    expect(date.value).toBe('01.12.2026');
    expect(screen.getByRole('button', { name: 'Open calendar' })).toBeTruthy();
    await user.clear(date);
    await user.type(date, '31.02.2026');
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(await screen.findByText('Enter a date.')).toBeTruthy();
    await user.clear(date);
    await user.type(date, '2.12.2026');
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ start_time: '2026-12-02T11:00:00Z' }));
  });

  it('clears the project when its field is emptied, and says when something was changed', async () => {
    const onSubmit = vi.fn(async () => undefined);
    const onDirtyChange = vi.fn();
    const { user } = await renderWithApp(
      <EntryForm idPrefix="new" initial={base} submitLabel="Go" onSubmit={onSubmit} onDirtyChange={onDirtyChange} />,
      { catalog },
    );
    const picker = await screen.findByRole('combobox', { name: 'Project' });
    expect((picker as HTMLInputElement).value).toBe('Website');
    expect(onDirtyChange).toHaveBeenLastCalledWith(false);
    await user.click(picker);
    await user.keyboard('{Backspace}');
    await user.click(screen.getByLabelText('Notes'));
    expect((picker as HTMLInputElement).value).toBe('');
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(await screen.findByText('Choose a project.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
