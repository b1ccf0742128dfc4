// The new-entry dialog: its time follows the day's last entry and stops where the running timer started,
// "Duplicate" brings the entry's project, notes, tags and billable, and a changed form is not thrown away by a
// click on the backdrop without asking.
import { cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimeEntry } from '../../api/types.js';
import { aProject, renderWithApp } from '../../testing/render.js';
import { NewEntryDialog } from './NewEntryDialog.js';

const entry = (id: number, start: string, end: string | null, extra: Partial<TimeEntry> = {}): TimeEntry =>
  ({
    id,
    user_id: 1,
    project_id: 1,
    client_id: null,
    task_id: null,
    start_time: start,
    end_time: end,
    duration_seconds: null,
    break_seconds: 0,
    notes: null,
    tags: [],
    billable: true,
    source: 'manual',
    created_at: start,
    updated_at: start,
    ...extra,
  }) as TimeEntry;

// The entry form and the project picker are chunks of their own, which a busy machine may take a while to load.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-01T15:00:00Z'));
  // Today: one entry 09:00–10:00, and a timer running since 12:00.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    const url = new URL((input as Request).url);
    const body = url.pathname.endsWith('/timer')
      ? { timer: { id: 9, start_time: '2026-12-01T12:00:00Z', paused: false, project_id: 1 } }
      : { items: [entry(1, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z')], next_cursor: null };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const catalog = { projects: [aProject(1, 'Website', { billable: true })] };
const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('the new-entry dialog', () => {
  it('starts after the day’s last entry and ends before the running timer', async () => {
    await renderWithApp(<NewEntryDialog open copyOf={null} onClose={vi.fn()} />, { catalog });
    await waitFor(() => expect(value('Start')).toBe('10:00'));
    expect(value('End')).toBe('11:00');
    expect(value('Date')).toBe('2026-12-01');
  });

  it('duplicates an entry: its project, notes, tags and billable at the new entry’s time', async () => {
    const original = entry(5, '2026-11-20T08:00:00Z', '2026-11-20T09:30:00Z', {
      notes: 'Design review',
      tags: ['client', 'review'],
      billable: false,
    });
    await renderWithApp(<NewEntryDialog open copyOf={original} onClose={vi.fn()} />, { catalog });
    expect(await screen.findByRole('heading', { name: 'Duplicate entry' })).toBeTruthy();
    await waitFor(() => expect(value('Notes')).toBe('Design review'));
    expect(value('Tags')).toBe('client, review');
    expect((screen.getByLabelText('Billable') as HTMLInputElement).checked).toBe(false);
    expect(((await screen.findByRole('combobox', { name: 'Project' })) as HTMLInputElement).value).toBe('Website');
    expect([value('Date'), value('Start'), value('End')]).toEqual(['2026-12-01', '10:00', '11:00']);
  });

  it('asks before a click on the backdrop throws typed notes away', async () => {
    const onClose = vi.fn();
    const { user } = await renderWithApp(<NewEntryDialog open copyOf={null} onClose={onClose} />, { catalog });
    const notes = await screen.findByLabelText('Notes');
    const dialog = notes.closest('dialog') as HTMLDialogElement;
    // Unchanged: the backdrop closes it.
    fireEvent.click(dialog);
    expect(onClose).toHaveBeenCalledTimes(1);

    await user.type(notes, 'Call with Ada');
    fireEvent.click(dialog);
    expect(await screen.findByRole('heading', { name: 'Discard this entry?' })).toBeTruthy();
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Keep editing' }));
    expect(value('Notes')).toBe('Call with Ada');
    fireEvent.click(dialog);
    await user.click(await screen.findByRole('button', { name: 'Discard' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
