// The bulk bar: nothing runs until an action and its value are chosen and Apply is pressed; moving to a project
// says first which entries lose their task; the selection stays until "Clear selection".
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimeEntry } from '../../api/types.js';
import { aProject, aTask, renderWithApp } from '../../testing/render.js';
import { BulkBar } from './BulkBar.js';

afterEach(cleanup);

const entry = (id: number, project_id: number, task_id: number | null) =>
  ({ id, project_id, task_id, tags: [], billable: true }) as unknown as TimeEntry;
const catalog = {
  projects: [aProject(1, 'Website'), aProject(2, 'Mobile app')],
  tasks: [aTask(10, 1, 'Design'), aTask(20, 2, 'Offline sync')],
};

async function showBar(entries: TimeEntry[]) {
  const onRun = vi.fn();
  const onClear = vi.fn();
  const app = await renderWithApp(<BulkBar entries={entries} busy={false} onRun={onRun} onClear={onClear} />, { catalog });
  return { ...app, onRun, onClear, bar: screen.getByRole('region', { name: 'Bulk actions' }) };
}

describe('BulkBar', () => {
  it('moves only after a project is chosen and Apply pressed, saying which entries lose their task', async () => {
    const { user, bar, onRun, onClear } = await showBar([entry(1, 1, 10), entry(2, 1, null), entry(3, 1, 10)]);
    const apply = within(bar).getByRole('button', { name: 'Apply' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    await user.selectOptions(within(bar).getByLabelText('Action'), 'Move to project');
    expect(apply.disabled).toBe(true);
    await user.selectOptions(within(bar).getByLabelText('Project'), 'Mobile app');
    expect(within(bar).getByRole('status').textContent).toBe(
      '2 entries have a task that Mobile app does not have: their task will be cleared.',
    );
    expect(onRun).not.toHaveBeenCalled();
    await user.click(apply);
    expect(onRun).toHaveBeenCalledWith({ ids: [1, 2, 3], action: 'set_project', value: 2 });
    // The selection is the page's: the bar does not clear it after an action.
    expect(onClear).not.toHaveBeenCalled();
    await user.click(within(bar).getByRole('button', { name: 'Clear selection' }));
    expect(onClear).toHaveBeenCalledOnce();
  });

  it('says nothing about tasks when the target project has them', async () => {
    const { user, bar } = await showBar([entry(1, 1, 10), entry(2, 2, null)]);
    await user.selectOptions(within(bar).getByLabelText('Action'), 'Move to project');
    await user.selectOptions(within(bar).getByLabelText('Project'), 'Website');
    expect(within(bar).queryByRole('status')).toBeNull();
  });

  it('takes tags, billable and delete as explicit actions too', async () => {
    const { user, bar, onRun } = await showBar([entry(1, 1, null), entry(2, 1, null)]);
    const apply = within(bar).getByRole('button', { name: 'Apply' });
    await user.selectOptions(within(bar).getByLabelText('Action'), 'Add tag');
    await user.type(within(bar).getByLabelText('Tag'), 'review');
    await user.click(apply);
    expect(onRun).toHaveBeenLastCalledWith({ ids: [1, 2], action: 'add_tags', value: ['review'] });
    await user.selectOptions(within(bar).getByLabelText('Action'), 'Mark not billable');
    await user.click(apply);
    expect(onRun).toHaveBeenLastCalledWith({ ids: [1, 2], action: 'set_billable', value: false });
    await user.selectOptions(within(bar).getByLabelText('Action'), 'Delete');
    expect(within(bar).getByRole('status').textContent).toBe('Deletes 2 entries. You can undo it right afterwards.');
    await user.click(apply);
    expect(onRun).toHaveBeenLastCalledWith({ ids: [1, 2], action: 'delete' });
  });
});
