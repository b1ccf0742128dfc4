// PII canary: every text field, username and e-mail address carries a unique marker; every tracked action is
// driven through the API (and the telemetry pings through the scheduler and a restart). No recorded upload may
// contain the marker, a username, an e-mail address or an IP address — while every event of the catalog was
// really sent, so the check is not vacuous.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, TEST_PASSWORD, sessionCookieOf } from '../../../../test/harness.js';
import { createRuntime, type Runtime } from '../../runtime.js';
import { byEvent, startWithCapture, type AnalyticsTestApp } from './analytics.test-helpers.js';
import { EVENTS } from './catalog.js';
import { propertiesThatCanLeave } from './privacy-doc.js';

const CANARY = 'qz7canary';
const c = (what: string) => `${CANARY}-${what}`;
const CLIENT_IP = '203.0.113.77';
// PostHog's own envelope keys: how a payload is addressed, not data about anyone.
const PAYLOAD_STRUCTURE = new Set(['$group_type', '$group_key', '$process_person_profile']);
const SPA_PAGES = ['/', '/entries', '/reports', '/projects', '/clients', '/tasks', '/settings', '/admin/telemetry'];

function multipart(file: string): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----ttcanary';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${c('file')}.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`,
  );
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('PII canary', { timeout: 120_000 }, () => {
  let t: AnalyticsTestApp | undefined;
  let restarted: Runtime | undefined;
  afterEach(async () => {
    await restarted?.close();
    await t?.close();
  });

  it('no upload contains a name, note, tag, e-mail, username, file name or IP address', async () => {
    t = await startWithCapture(
      { ENABLE_TELEMETRY: 'true', TRUST_PROXY: 'true' },
      { version: '0.1.0', healthJob: { periodSeconds: 86_400, jitterSeconds: 0, leaseSeconds: 60 } },
    );
    const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
      const r = await res;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      return r.body;
    };
    const browser = {
      ip: CLIENT_IP,
      userAgent: `Mozilla/5.0 (X11; Linux x86_64; ${c('ua')}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36`,
    };
    const setup = await t.anonymous.post('/setup', {
      admin_username: `${CANARY}.admin`,
      admin_password: TEST_PASSWORD,
      telemetry_enabled: true,
    });
    expect(setup.status).toBe(201);
    const admin = new ApiClient(t.runtime, { ...browser, cookie: sessionCookieOf(setup), csrf: setup.body.csrf_token });
    const as = (client: ApiClient, referer: string) => ({
      post: (url: string, body?: unknown) => client.post(url, body, { referer, 'x-forwarded-for': CLIENT_IP }),
      patch: (url: string, body?: unknown) => client.patch(url, body, { referer, 'x-forwarded-for': CLIENT_IP }),
      delete: (url: string) => client.delete(url, { referer, 'x-forwarded-for': CLIENT_IP }),
      get: (url: string) => client.get(url, { referer, 'x-forwarded-for': CLIENT_IP }),
    });
    const page = (path: string) => `http://localhost${path}?q=${CANARY}&email=${c('mail')}%40example.com#${CANARY}`;
    const a = as(admin, page('/settings'));

    await ok(a.patch('/users/me', { full_name: c('Admin Name'), email: `${c('admin')}@example.com` }));
    await ok(a.patch('/users/me/preferences', { theme: 'dark', timezone: 'Europe/Berlin', weekly_goal_hours: 40 }));
    await ok(
      a.post('/users', {
        username: `${CANARY}.bob`,
        password: TEST_PASSWORD,
        role: 'user',
        full_name: c('Bob Name'),
        email: `${c('bob')}@example.com`,
      }),
      201,
    );
    const bobLogin = await new ApiClient(t.runtime, browser).post('/auth/login', {
      username: `${CANARY}.bob`,
      password: TEST_PASSWORD,
    });
    expect(bobLogin.status).toBe(200);
    const bob = as(
      new ApiClient(t.runtime, { ...browser, cookie: sessionCookieOf(bobLogin), csrf: bobLogin.body.csrf_token }),
      page('/entries'),
    );
    await ok(bob.post('/tokens', { name: c('token name'), scopes: ['read:time_entries', 'write:time_entries'] }), 201);

    const catalog = as(admin, page('/projects'));
    const client = await ok(
      catalog.post('/clients', { name: c('Client'), email: `${c('client')}@example.com`, notes: c('client notes') }),
      201,
    );
    const spare = await ok(catalog.post('/clients', { name: c('Spare client') }), 201);
    await ok(catalog.patch(`/clients/${spare.id}`, { status: 'archived' }));
    await ok(catalog.delete(`/clients/${spare.id}`), 204);
    const project = await ok(
      catalog.post('/projects', { name: c('Project'), client_id: client.id, description: c('description'), budget_hours: 10 }),
      201,
    );
    const other = await ok(catalog.post('/projects', { name: c('Other project') }), 201);
    await ok(catalog.patch(`/projects/${other.id}`, { status: 'archived' }));
    await ok(catalog.patch(`/projects/${other.id}`, { status: 'active' }));
    await ok(catalog.delete(`/projects/${other.id}`), 204);
    const task = await ok(catalog.post('/tasks', { project_id: project.id, name: c('Task') }), 201);
    await ok(catalog.patch(`/tasks/${task.id}`, { status: 'in_progress' }));

    await ok(
      bob.post('/timer/start', {
        project_id: project.id,
        task_id: task.id,
        notes: c('timer notes'),
        tags: [c('tag-one'), c('tag-two')],
      }),
      201,
    );
    await ok(bob.post('/timer/pause'));
    await ok(bob.post('/timer/resume'));
    const stopped = await ok(bob.post('/timer/stop', {}));
    const entry = await ok(
      bob.post('/time-entries', {
        project_id: project.id,
        start_time: '2026-03-02T09:00:00Z',
        end_time: '2026-03-02T10:00:00Z',
        notes: c('entry notes'),
        tags: [c('tag-three')],
      }),
      201,
    );
    await ok(bob.patch(`/time-entries/${entry.id}`, { notes: c('changed notes'), tags: [c('tag-four')] }));
    await ok(
      bob.post('/time-entries/bulk', {
        ids: [entry.id, stopped.time_entry?.id ?? stopped.id],
        action: 'add_tags',
        value: [c('bulk tag')],
      }),
    );
    await ok(bob.delete(`/time-entries/${entry.id}`), 204);

    // Invoices: the issuer's and the customer's names, addresses and VAT ids, the lines' texts, the number pattern.
    const billing = as(admin, page('/invoices'));
    await ok(
      billing.patch('/settings/invoicing', {
        company_name: c('Issuer'),
        address_lines: [c('Issuer street')],
        postal_code: '10115',
        city: c('Issuer city'),
        country_code: 'DE',
        vat_id: 'DE123456789',
        iban: 'DE89370400440532013000',
        email: `${c('issuer')}@example.com`,
        phone: '+49 30 1234567',
        default_tax_rate: '19',
        number_pattern: `${CANARY.slice(0, 10)}-{seq:4}`,
        footer: c('footer'),
      }),
    );
    await ok(
      billing.patch(`/clients/${client.id}`, {
        address_lines: [c('Customer street')],
        postal_code: '80331',
        city: c('Customer city'),
        country_code: 'DE',
        vat_id: 'DE987654321',
        buyer_reference: c('reference'),
      }),
    );
    const draft = await ok(
      billing.post('/invoices', { client_id: client.id, from: '2026-01-01', to: '2026-12-31', group_by: 'entry' }),
      201,
    );
    await ok(
      billing.patch(`/invoices/${draft.id}`, {
        notes: c('invoice notes'),
        lines: [{ description: c('line'), quantity: '1.5', unit: 'hour', unit_price: '80', tax_rate: '19' }],
      }),
    );
    await ok(billing.post(`/invoices/${draft.id}/issue`));
    expect((await billing.get(`/invoices/${draft.id}.pdf`)).status).toBe(200);
    expect((await billing.get(`/invoices/${draft.id}.xml?syntax=cii`)).status).toBe(200);
    await ok(billing.post(`/invoices/${draft.id}/pay`, {}));
    await ok(billing.post(`/invoices/${draft.id}/void`));

    const reports = as(admin, page('/reports'));
    await ok(
      reports.get(
        `/reports/summary?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&group_by=tag&q=${CANARY}&tag=${c('tag-one')}`,
      ),
    );
    const csv = await reports.get(`/exports/time-entries.csv?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&q=${CANARY}`);
    expect(csv.status).toBe(200);
    const toggl = [
      'User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)',
      `${c('Import User')},${c('import')}@example.com,${c('Import Client')},${c('Import Project')},${c('Import Task')},${c('imported notes')},Yes,2026-04-01,09:00:00,2026-04-01,10:00:00,01:00:00,${c('import-tag')},10.00`,
    ].join('\n');
    const upload = multipart(toggl);
    const imported = await admin.post('/imports/time-entries', upload.body, { ...upload.headers, referer: page('/entries') });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.imported).toBe(1);

    for (const path of SPA_PAGES)
      await ok(
        admin.post(
          '/analytics/events',
          { event: '$pageview', properties: { title: c('title'), email: `${c('x')}@example.com` } },
          { referer: page(path) },
        ),
        202,
      );
    await ok(
      t.anonymous.post('/analytics/events', { event: '$pageview' }, { referer: page('/login'), 'x-forwarded-for': CLIENT_IP }),
      202,
    );
    await ok(a.patch('/admin/telemetry', { product_analytics_enabled: true, installation_telemetry_enabled: false }));
    await ok(a.patch('/admin/telemetry', { installation_telemetry_enabled: true }));
    // The health ping must run; other jobs that fell due meanwhile (the session purge) may run beside it.
    expect(await t.runtime.jobs.tick()).toContain('telemetry.health');
    await ok(bob.post('/auth/logout'), 204);
    await t.flushed();

    // A restart with a new version sends telemetry.update.
    const env = t.env.env;
    await t.runtime.close();
    restarted = await createRuntime(env, {
      logger: false,
      version: '0.2.0',
      analytics: { flushIntervalMs: 10, settingsRefreshMs: 0 },
    });
    await restarted.analytics.flush();

    const events = t.cap.events();
    const sentNames = new Set(events.map((e) => e.event));
    expect([...Object.keys(EVENTS)].filter((name) => !sentNames.has(name))).toEqual([]);

    // docs/privacy.md lists every property that can leave, per channel: nothing sent may be missing from it.
    const listed = propertiesThatCanLeave();
    const installId = t.runtime.analytics.facts.installId;
    const unlisted = new Set<string>();
    for (const e of events) {
      const channel =
        e.event.startsWith('telemetry.') || e.event === '$groupidentify' || e.distinct_id === installId ? 'telemetry' : 'product';
      const { $set, $set_once, $group_set, ...rest } = e.properties as Record<string, Record<string, unknown> | undefined>;
      const keys = [
        ...Object.keys(rest),
        ...Object.keys($set ?? {}),
        ...Object.keys($set_once ?? {}),
        ...Object.keys($group_set ?? {}),
      ];
      for (const key of keys)
        if (!PAYLOAD_STRUCTURE.has(key) && !listed[channel].has(key)) unlisted.add(`${channel}: ${e.event}.${key}`);
    }
    expect([...unlisted]).toEqual([]);

    const uploads = t.cap.requests.map((r) => r.text);
    expect(uploads.length).toBeGreaterThan(0);
    const forbidden = [CANARY, 'admin@', 'example.com', CLIENT_IP, '127.0.0.1', 'correct horse', 'tt_'];
    for (const text of uploads) {
      for (const needle of forbidden) expect(text.toLowerCase(), `upload contains ${needle}`).not.toContain(needle.toLowerCase());
      expect(text).not.toMatch(/\b\d{1,3}(\.\d{1,3}){3}\b/); // no IPv4 address of any kind
      expect(text).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i); // no e-mail address of any kind
      expect(text).not.toMatch(/"\$ip"/);
    }
  });

  for (const sendHost of ['false', 'true']) {
    it(`nothing of an unknown path, Referer, query string, fragment or Host header leaves (ANALYTICS_SEND_HOST=${sendHost})`, async () => {
      t = await startWithCapture({ ANALYTICS_SEND_HOST: sendHost, BASE_URL: 'https://time.example.org' });
      const admin = await t.setupAdmin();
      const token = await t.tokenClient(admin, ['write:projects', 'read:projects']);
      const own = (host: string, path: string) =>
        `http://${host}${path}?q=${CANARY}&email=${c('mail')}%40example.com#${c('fragment')}`;
      const referers = [
        own('localhost', `/clients/${c('ACME%20Secret%20Client')}/bob@example.com`),
        own('localhost', `/${CANARY}`),
        own('localhost', `/projects/${c('project')}`),
        own('localhost', '/entries'),
        own('localhost', `/admin/users/${CANARY}`),
        own(`${CANARY}.example.com`, '/reports'), // a forged Host header, echoed in the Referer
        `https://${c('elsewhere')}.example.net/${CANARY}?${CANARY}#${CANARY}`, // another site
        'https://time.example.org/tasks#' + CANARY, // BASE_URL's own origin
      ];
      for (const [i, referer] of referers.entries()) {
        const host = referer.startsWith(`http://${CANARY}`) ? `${CANARY}.example.com` : 'localhost';
        const headers = { referer, host };
        await admin.post(`/analytics/events?${CANARY}=1#${CANARY}`, { event: '$pageview' }, headers);
        await admin.post(`/projects?${CANARY}=1`, { name: c(`session project ${i}`) }, headers);
        await token.post(`/projects?${CANARY}=1`, { name: c(`token project ${i}`) }, headers);
      }
      const events = await t.flushed();
      const pageviews = byEvent(events, '$pageview');
      // Six same-origin pages (the forged host included), one from BASE_URL; the other site's page view is dropped.
      expect(pageviews.map((e) => e.properties.$pathname)).toEqual([
        '/:not_found',
        '/:not_found',
        '/:not_found',
        '/entries',
        '/:not_found',
        '/reports',
        '/tasks',
      ]);
      const origin = sendHost === 'true' ? 'https://time.example.org' : 'https://timetracker.invalid'; // BASE_URL's scheme
      for (const e of events.filter((e) => e.properties.$current_url !== undefined))
        expect(e.properties.$current_url).toBe(`${origin}${e.properties.$pathname}`);
      expect(byEvent(events, 'project.created')).toHaveLength(2 * referers.length);
      for (const text of t.cap.requests.map((r) => r.text)) {
        expect(text.toLowerCase()).not.toContain(CANARY);
        expect(text).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i);
        expect(text).not.toContain('elsewhere');
      }
    });
  }
});
