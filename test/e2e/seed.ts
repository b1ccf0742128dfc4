// Demo data through the public API (as the browser would create it): clients, coloured projects, tasks, two weeks
// of entries and a running timer. Used by the screenshot script and by tests that need a lived-in account.
export interface ApiSession {
  base: string;
  cookie: string;
  csrf: string;
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

async function sessionFrom(base: string, res: Response): Promise<ApiSession> {
  const body = (await res.json()) as { csrf_token: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const call = async <T>(method: string, path: string, payload?: unknown): Promise<T> => {
    const r = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': body.csrf_token,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return { base, cookie, csrf: body.csrf_token, call };
}

export async function setupAdmin(base: string, username = 'admin', password = 'correct horse battery'): Promise<ApiSession> {
  const res = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin_username: username, admin_password: password, telemetry_enabled: false }),
  });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  return sessionFrom(base, res);
}

export async function login(base: string, username: string, password: string): Promise<ApiSession> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return sessionFrom(base, res);
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Fills the account with two weeks of believable work (UTC days) and starts a timer. */
export async function seedDemo(s: ApiSession, options: { now?: number; runningTimer?: boolean } = {}): Promise<void> {
  const now = options.now ?? Date.now();
  const acme = await s.call<{ id: number }>('POST', '/clients', { name: 'Acme Corp', default_hourly_rate: '90.00' });
  const globex = await s.call<{ id: number }>('POST', '/clients', { name: 'Globex', default_hourly_rate: '120.00' });
  const projects = [
    await s.call<{ id: number }>('POST', '/projects', {
      name: 'Website relaunch',
      client_id: acme.id,
      color: '#2563eb',
      hourly_rate: '95.00',
      budget_hours: 120,
    }),
    await s.call<{ id: number }>('POST', '/projects', { name: 'Mobile app', client_id: globex.id, color: '#16a34a' }),
    await s.call<{ id: number }>('POST', '/projects', { name: 'Support retainer', client_id: acme.id, color: '#d97706' }),
    await s.call<{ id: number }>('POST', '/projects', { name: 'Internal', color: '#9333ea', billable: false }),
  ];
  const [web, app, support, internal] = projects as [{ id: number }, { id: number }, { id: number }, { id: number }];
  await s.call('POST', '/tasks', { project_id: web.id, name: 'Design system' });
  await s.call('POST', '/tasks', { project_id: web.id, name: 'Content migration' });
  await s.call('POST', '/tasks', { project_id: app.id, name: 'Offline sync' });

  const plan: [number, number, number, string, string[]][] = [
    // [project, (unused), minutes, notes, tags]
    [web.id, 8.5, 150, 'Homepage hero and navigation', ['design']],
    [support.id, 11.25, 45, 'Ticket triage', ['support']],
    [app.id, 13, 180, 'Offline sync: conflict resolution', ['dev']],
    [internal.id, 16.5, 60, 'Team sync and planning', ['meeting']],
    [web.id, 9, 120, 'Content model review with Acme', ['meeting']],
    [app.id, 11.5, 210, 'Push notification service', ['dev']],
    [support.id, 15.5, 90, 'Invoice export bug', ['support', 'bug']],
  ];
  const dayMs = 86_400_000;
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  for (let back = 13; back >= 1; back--) {
    const day = today - back * dayMs;
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const count = 2 + (back % 3);
    let cursor = day + (8 + (back % 3) * 0.25) * 3_600_000;
    for (let i = 0; i < count; i++) {
      const [project, , minutes, notes, tags] = plan[(back * 3 + i * 2) % plan.length] as (typeof plan)[number];
      await s.call('POST', '/time-entries', {
        project_id: project,
        start_time: iso(cursor),
        end_time: iso(cursor + minutes * 60_000),
        notes,
        tags,
      });
      cursor += (minutes + 15 + (i % 2) * 30) * 60_000;
    }
  }
  const morning = today + 7 * 3_600_000;
  if (now - morning > 2 * 3_600_000) {
    await s.call('POST', '/time-entries', {
      project_id: web.id,
      start_time: iso(morning),
      end_time: iso(morning + 90 * 60_000),
      notes: 'Stand-up notes and code review',
      tags: ['review'],
    });
  }
  // One issued invoice (the instance's first): Acme's support three weeks ago, before the two weeks above, so that
  // no entry other pages change is locked by it.
  await s.call('PATCH', '/settings/invoicing', {
    company_name: 'Tracker Studio',
    address_lines: ['Hauptstraße 1'],
    postal_code: '10115',
    city: 'Berlin',
    country_code: 'DE',
    vat_id: 'DE123456789',
    email: 'billing@example.com',
    phone: '+49 30 1234567',
  });
  await s.call('PATCH', `/clients/${acme.id}`, {
    address_lines: ['1 Acme Way'],
    postal_code: '12345',
    city: 'Springfield',
    country_code: 'DE',
    email: 'ap@acme.example',
  });
  const billed = [21, 20].map((back) => today - back * dayMs + 9 * 3_600_000);
  for (const start of billed)
    await s.call('POST', '/time-entries', {
      project_id: support.id,
      start_time: iso(start),
      end_time: iso(start + 150 * 60_000),
      notes: 'Quarterly maintenance',
      tags: ['support'],
    });
  const day = (ms: number) => iso(ms).slice(0, 10);
  const invoice = await s.call<{ id: number }>('POST', '/invoices', {
    client_id: acme.id,
    from: day(billed[0]!),
    to: day(billed[1]!),
    project_ids: [support.id],
  });
  await s.call('POST', `/invoices/${invoice.id}/issue`);
  // Budgets that tell something (in half hours): the retainer at about 85 % of them (a warning), the app about a
  // quarter over.
  for (const [id, share] of [
    [support.id, 0.85],
    [app.id, 1.25],
  ] as const) {
    const { spent_seconds } = await s.call<{ spent_seconds: number }>('GET', `/projects/${id}`);
    const budget_hours = Math.max(1, Math.round((spent_seconds / 3600 / share) * 2) / 2);
    await s.call('PATCH', `/projects/${id}`, { budget_hours });
  }
  await s.call('PATCH', '/users/me/preferences', { weekly_goal_hours: 32 });
  if (options.runningTimer !== false)
    await s.call('POST', '/timer/start', { project_id: app.id, notes: 'Offline sync: retry queue', tags: ['dev'] });
}
