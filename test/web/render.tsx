// Renders a component as the app does: the signed-in session as the server reports it (user, preferences, server
// info), its own query cache (fresh per test, no retries so an error shows at once), the toasts, and the UI
// language of the test.
import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { api } from '../../src/web/api/client.js';
import { createQueryClient } from '../../src/web/api/query-client.js';
import { Toasts } from '../../src/web/components/toasts.js';
import { applyLanguage, type Language } from '../../src/web/i18n/index.js';
import { SessionProvider } from '../../src/web/state/session.js';

export async function renderInApp(ui: ReactNode, language: Language = 'en'): Promise<RenderResult> {
  await applyLanguage(language);
  const [info, session] = await Promise.all([api.get('/info'), api.get('/auth/session')]);
  const user = session.user ? { ...session.user, preferences: { ...session.user.preferences, language } } : null;
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  return render(
    <QueryClientProvider client={client}>
      <SessionProvider initialInfo={info} initialUser={user}>
        {ui}
        <Toasts />
      </SessionProvider>
    </QueryClientProvider>,
  );
}
