// The project/task picker as a keyboard and screen-reader user meets it: a labelled combobox whose list is grouped
// by client, offers no archived project, narrows down while typing (Enter picks the first match) and follows the
// arrow keys; Escape closes it without changing the choice.
import { cleanup, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PREFERENCES } from '../lib/time.js';
import { aClient, aProject, aTask, renderWithApp } from '../testing/render.js';
import { ProjectPicker, type PickerValue } from './ProjectPicker.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const catalog = {
  clients: [aClient(1, 'Acme'), aClient(2, 'Globex')],
  projects: [
    aProject(10, 'Website relaunch', { client_id: 1 }),
    aProject(11, 'Mobile app', { client_id: 2 }),
    aProject(12, 'Internal', { status: 'archived' }),
    aProject(13, 'Support', { client_id: 1 }),
  ],
  tasks: [aTask(20, 11, 'Release checklist'), aTask(21, 11, 'Old launch', { status: 'done' })],
};

function Harness({ onChange }: { onChange: (value: PickerValue) => void }) {
  const [value, setValue] = useState<PickerValue>({ project_id: null, task_id: null });
  return (
    <>
      <label htmlFor="timer-project" id="timer-project-label">
        Project or task
      </label>
      <ProjectPicker
        id="timer-project"
        value={value}
        onChange={(v) => {
          onChange(v);
          setValue(v);
        }}
      />
    </>
  );
}

/** The offered options (the empty state sits in an option-like wrapper of its own). */
const options = () =>
  within(screen.getByRole('listbox', { name: /^Suggestions/ }))
    .queryAllByRole('option')
    .filter((o) => o.classList.contains('picker-option'));

describe('the project picker', () => {
  it('is a labelled combobox whose list is grouped by client and leaves out archived projects and done tasks', async () => {
    const { user } = await renderWithApp(<Harness onChange={vi.fn()} />, { catalog });
    const input = screen.getByRole('combobox', { name: 'Project or task' });
    expect(input.id).toBe('timer-project');
    await user.click(input);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    const groups = within(screen.getByRole('listbox', { name: /^Suggestions/ })).getAllByRole('group');
    expect(
      groups.map((g) =>
        within(g)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ),
    ).toEqual([
      ['Support', 'Website relaunch'],
      ['Mobile app', 'Release checklistMobile app · task'],
    ]);
    expect(groups[0]?.getAttribute('aria-labelledby')).toBeTruthy();
    expect(document.getElementById(groups[0]?.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Acme');
    expect(options().some((o) => o.textContent?.startsWith('Internal'))).toBe(false);
  });

  it('narrows the list while typing and picks the first match with Enter', async () => {
    const onChange = vi.fn();
    const { user } = await renderWithApp(<Harness onChange={onChange} />, { catalog });
    const input = screen.getByRole('combobox', { name: 'Project or task' });
    await user.click(input);
    await user.keyboard('release');
    expect(options().map((o) => o.textContent)).toEqual(['Release checklistMobile app · task']);
    await user.keyboard('{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ project_id: 11, task_id: 20 });
    expect((input as HTMLInputElement).value).toBe('Mobile app › Release checklist');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('follows the arrow keys, and Escape closes the list without changing the choice', async () => {
    const onChange = vi.fn();
    const { user } = await renderWithApp(<Harness onChange={onChange} />, { catalog });
    const input = screen.getByRole('combobox', { name: 'Project or task' });
    await user.click(input);
    await user.keyboard('{Escape}');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    await user.keyboard('{ArrowDown}');
    const focused = () => document.getElementById(input.getAttribute('aria-activedescendant') ?? '')?.textContent;
    expect(focused()).toBe('Support');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(focused()).toBe('Mobile app');
    await user.keyboard('{ArrowUp}');
    expect(focused()).toBe('Website relaunch');
    await user.keyboard('{Escape}');
    expect(onChange).not.toHaveBeenCalled();
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({ project_id: 10, task_id: null });
    expect((input as HTMLInputElement).value).toBe('Website relaunch');
  });

  it('says why nothing matches', async () => {
    const { user } = await renderWithApp(<Harness onChange={vi.fn()} />, { catalog });
    await user.click(screen.getByRole('combobox', { name: 'Project or task' }));
    await user.keyboard('zzz');
    expect(options()).toEqual([]);
    expect(screen.getByText('No match.')).toBeTruthy();
  });

  it('lists pinned projects first, in the order they were pinned, and pins the chosen one with the star', async () => {
    const patched: unknown[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      const request = input as Request;
      const body = (await request.json()) as { pinned_project_ids: number[] };
      patched.push(body);
      const prefs = { ...DEFAULT_PREFERENCES, timezone: 'UTC', pinned_project_ids: body.pinned_project_ids };
      return new Response(JSON.stringify(prefs), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const { user } = await renderWithApp(<Harness onChange={vi.fn()} />, {
      catalog,
      preferences: { pinned_project_ids: [13, 11] },
    });
    const input = screen.getByRole('combobox', { name: 'Project or task' });
    await user.click(input);
    const groups = within(screen.getByRole('listbox', { name: /^Suggestions/ })).getAllByRole('group');
    expect(
      within(groups[0] as HTMLElement)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['SupportAcme', 'Mobile appGlobex', 'Release checklistMobile app · task']);
    expect(groups[0]?.getAttribute('aria-labelledby')).toBeTruthy();
    expect(screen.getByText('Pinned')).toBeTruthy();
    // Listed once: not again under their clients.
    expect(options().filter((o) => o.textContent?.startsWith('Support'))).toHaveLength(1);

    await user.keyboard('website{Enter}');
    await user.click(screen.getByRole('button', { name: 'Pin Website relaunch' }));
    expect(patched).toEqual([{ pinned_project_ids: [13, 11, 10] }]);
    const unpin = await screen.findByRole('button', { name: 'Unpin Website relaunch' });
    expect(unpin.getAttribute('aria-pressed')).toBe('true');
    await user.click(unpin);
    expect(patched[1]).toEqual({ pinned_project_ids: [13, 11] });
  });
});
