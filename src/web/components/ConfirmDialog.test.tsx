// The one confirm dialog: the confirm button has the focus (Enter confirms), Cancel answers no, a refusal without
// a way forward only informs; and a catalog delete the server would refuse is said before anything is asked.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProjectsPage } from '../pages/catalog/projects.js';
import { aProject, renderWithApp } from '../testing/render.js';
import { useConfirm, type ConfirmRequest } from './ConfirmDialog.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function Asker({ request }: { request: ConfirmRequest }) {
  const [confirm, dialog] = useConfirm();
  const [answers, setAnswers] = useState<boolean[]>([]);
  return (
    <>
      <button type="button" onClick={() => void confirm(request).then((ok) => setAnswers((a) => [...a, ok]))}>
        Ask
      </button>
      <output>{answers.join(',')}</output>
      {dialog}
    </>
  );
}

const remove: ConfirmRequest = {
  title: 'Revoke',
  body: 'Programs using it stop working.',
  confirmLabel: 'Revoke',
  tone: 'danger',
};

describe('ConfirmDialog', () => {
  it('focuses the confirm button, so Enter confirms; Cancel answers no', async () => {
    const { user } = await renderWithApp(<Asker request={remove} />);
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke' });
    expect(within(dialog).getByText('Programs using it stop working.')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Revoke' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('true'));

    await user.click(screen.getByRole('button', { name: 'Ask' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke' })).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('true,false'));
  });

  it('only informs when there is nothing to confirm', async () => {
    const { user } = await renderWithApp(<Asker request={{ title: 'Cannot', body: 'Because.', confirmLabel: null }} />);
    await user.click(screen.getByRole('button', { name: 'Ask' }));
    const dialog = screen.getByRole('dialog', { name: 'Cannot' });
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['×', 'Close']);
    expect(document.activeElement?.textContent).toBe('Close');
  });
});

describe('deleting a project', () => {
  type Call = Parameters<typeof fetch>;
  const urlOf = ([input]: Call) => (input instanceof Request ? input.url : String(input));
  const methodOf = ([input, init]: Call) => (input instanceof Request ? input.method : (init?.method ?? 'GET'));
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

  it('with time says it cannot be deleted before asking, and offers to archive it', async () => {
    // The server has an entry on the project (the check asks for one of anyone's entries).
    const fetchSpy = vi
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async () => json({ items: [{ id: 9 }], next_cursor: null }));
    const { user } = await renderWithApp(<ProjectsPage />, { catalog: { projects: [aProject(3, 'Internal')] } });
    await user.click(screen.getByRole('button', { name: 'Delete Internal' }));
    const dialog = await screen.findByRole('dialog', { name: '“Internal” cannot be deleted' });
    expect(within(dialog).getByText('This project has recorded time and cannot be deleted. Archive it instead.')).toBeTruthy();
    expect(dialog.textContent).not.toContain('cannot be undone');
    const calls = () => fetchSpy.mock.calls as Call[];
    const asked = urlOf(calls()[0] as Call);
    expect(asked).toContain('/api/v1/time-entries?');
    expect(asked).toContain('project_id=3');
    expect(asked).toContain('user_id=all');
    expect(within(dialog).getByRole('button', { name: 'Archive' })).toBe(document.activeElement);
    await user.click(within(dialog).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(calls().some((c) => methodOf(c) === 'PATCH' && urlOf(c).endsWith('/projects/3'))).toBe(true));
    expect(calls().some((c) => methodOf(c) === 'DELETE')).toBe(false);
  });

  it('without time asks "cannot be undone" first', async () => {
    vi.spyOn(globalThis, 'fetch').mockImplementation(async () => json({ items: [], next_cursor: null }));
    const { user } = await renderWithApp(<ProjectsPage />, { catalog: { projects: [aProject(3, 'Spare')] } });
    await user.click(screen.getByRole('button', { name: 'Delete Spare' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Spare' });
    expect(within(dialog).getByText('Delete the project “Spare”? This cannot be undone.')).toBeTruthy();
  });
});
