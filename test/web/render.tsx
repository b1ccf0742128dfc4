// Renders a component as the app does: its own query cache (fresh per test, no retries so an error shows at once),
// the toasts, and the UI language of the test.
import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createQueryClient } from '../../src/web/api/query-client.js';
import { Toasts } from '../../src/web/components/toasts.js';
import { applyLanguage, type Language } from '../../src/web/i18n/index.js';

export async function renderInApp(ui: ReactNode, language: Language = 'en'): Promise<RenderResult> {
  await applyLanguage(language);
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { ...client.getDefaultOptions().queries, retry: false } });
  return render(
    <QueryClientProvider client={client}>
      {ui}
      <Toasts />
    </QueryClientProvider>,
  );
}
