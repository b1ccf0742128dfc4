// Renders a piece of the UI for a component test: a fresh query cache filled with the lists the test gives (fresh
// for 30 s, so nothing is fetched), a signed-in user with the given role and language, and user-event.
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import { userEvent, type UserEvent } from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { createQueryClient } from '../api/query-client.js';
import { keys } from '../api/queries.js';
import type { Client, Info, Preferences, Project, Task, User } from '../api/types.js';
import { applyLanguage } from '../i18n/index.js';
import { DEFAULT_PREFERENCES } from '../lib/time.js';
import { SessionProvider } from '../state/session.js';

export interface Catalog {
  clients?: Client[];
  projects?: Project[];
  tasks?: Task[];
}

const STAMP = '2026-12-01T09:00:00Z';

export const aClient = (id: number, name: string, extra: Partial<Client> = {}): Client => ({
  id,
  name,
  email: null,
  default_hourly_rate: null,
  notes: null,
  status: 'active',
  address_lines: [],
  postal_code: null,
  city: null,
  country_code: null,
  vat_id: null,
  language: null,
  tax_treatment: 'standard',
  exemption_reason: null,
  payment_terms_days: null,
  currency: null,
  buyer_reference: null,
  created_at: STAMP,
  updated_at: STAMP,
  ...extra,
});

export const aProject = (id: number, name: string, extra: Partial<Project> = {}): Project => ({
  id,
  name,
  client_id: null,
  description: null,
  billable: true,
  hourly_rate: null,
  color: '#2563eb',
  budget_hours: null,
  budget_amount: null,
  budget_period: 'total',
  spent_seconds: 0,
  spent_amount: null,
  budget_used: null,
  status: 'active',
  created_at: STAMP,
  updated_at: STAMP,
  ...extra,
});

export const aTask = (id: number, projectId: number, name: string, extra: Partial<Task> = {}): Task => ({
  id,
  project_id: projectId,
  name,
  status: 'todo',
  estimated_hours: null,
  created_at: STAMP,
  updated_at: STAMP,
  ...extra,
});

const INFO: Info = {
  auth_methods: ['local'],
  oidc_button_label: null,
  setup_complete: true,
  version: 'test',
  setup_analytics: null,
  currency: 'EUR',
};

function user(role: User['role'], language: string, preferences: Partial<Preferences>): User {
  return {
    id: 1,
    username: 'ada',
    full_name: 'Ada',
    email: null,
    email_verified: false,
    role,
    active: true,
    auth_method: 'local',
    created_at: STAMP,
    last_login_at: null,
    sso_identity: null,
    preferences: { ...DEFAULT_PREFERENCES, language, timezone: 'UTC', ...preferences },
  } as User;
}

export async function renderWithApp(
  ui: ReactNode,
  {
    catalog = {},
    role = 'admin',
    language = 'en',
    preferences = {},
  }: { catalog?: Catalog; role?: User['role']; language?: string; preferences?: Partial<Preferences> } = {},
): Promise<RenderResult & { user: UserEvent; client: QueryClient }> {
  await applyLanguage(language);
  const client = createQueryClient();
  client.setQueryData(keys.clients, catalog.clients ?? []);
  client.setQueryData(keys.projects, catalog.projects ?? []);
  client.setQueryData(keys.tasks, catalog.tasks ?? []);
  const result = render(
    <QueryClientProvider client={client}>
      <SessionProvider initialInfo={INFO} initialUser={user(role, language, preferences)}>
        {ui}
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...result, user: userEvent.setup(), client };
}
