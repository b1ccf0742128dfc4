// `n` (and the palette's "New entry") from another page opens the form on the entries page with the way back in the
// address, so closing the form returns to that page instead of leaving the user on /entries.
import { describe, expect, it } from 'vitest';
import { openNewEntry } from './nav.js';

describe('openNewEntry', () => {
  it('remembers the page it was opened from', () => {
    window.history.replaceState(null, '', '/reports?range=last_week');
    openNewEntry();
    expect(window.location.pathname).toBe('/entries');
    const query = new URLSearchParams(window.location.search);
    expect(query.get('new')).toBe('1');
    expect(query.get('back')).toBe('/reports?range=last_week');
  });

  it('opens over the current filters on the entries page, with no way back to remember', () => {
    window.history.replaceState(null, '', '/entries?range=yesterday');
    openNewEntry();
    expect(Object.fromEntries(new URLSearchParams(window.location.search))).toEqual({ range: 'yesterday', new: '1' });
  });
});
