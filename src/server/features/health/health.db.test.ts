import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/harness.js';

describe('health, info, OpenAPI and HTTP basics', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('reports the database and version, and 503 when the database is gone', async () => {
    const ok = await t.anonymous.get('/health');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ok', db: 'ok', version: t.runtime.ctx.version });
    await t.runtime.database.close();
    const down = await t.anonymous.get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'error', db: 'error' });
  });

  it('serves the OpenAPI document and swagger-ui from this server', async () => {
    const doc = await t.anonymous.get('/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/setup', '/api/v1/auth/login']));
    const ui = await t.runtime.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
    expect(ui.body).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
  });

  it('sends security headers that keep plain-HTTP LAN installs working, and a request id', async () => {
    const res = await t.anonymous.get('/health', { 'x-request-id': 'abc-123' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(res.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('answers unknown API paths and wrong methods with the error shape', async () => {
    const res = await t.anonymous.get('/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const wrongType = await t.anonymous.post('/setup', 'admin', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.code).toBe('unsupported_media_type');
  });
});

describe('HSTS behind an https BASE_URL', () => {
  it('sends Strict-Transport-Security and Secure cookies when BASE_URL is https', async () => {
    const t = await startTestApp({ BASE_URL: 'https://time.example.com' });
    try {
      const res = await t.anonymous.post('/setup', { admin_username: 'admin', admin_password: 'long enough 1', telemetry_enabled: false });
      expect(res.headers['strict-transport-security']).toBeDefined();
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await t.close();
    }
  });
});

describe('NUL characters', () => {
  it('are refused in bodies and queries with validation_failed naming the field', async () => {
    const t = await startTestApp();
    try {
      const res = await t.anonymous.post('/setup', { admin_username: 'ad\u0000min', admin_password: 'long enough 1', telemetry_enabled: false });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual({ admin_username: 'must not contain NUL characters' });
      const admin = await t.setupAdmin();
      const query = await admin.get('/auth/session?x=%00');
      expect(query.status).toBe(400);
      expect(query.body.error.code).toBe('validation_failed');
    } finally {
      await t.close();
    }
  });
});

describe('web UI static files', () => {
  it('serves precompressed hashed assets with a long cache, index.html revalidated, SPA routes as index.html', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const zlib = await import('node:zlib');
    const os = await import('node:os');
    const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-web-'));
    fs.mkdirSync(path.join(webRoot, 'assets'));
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>TimeTracker</title>');
    const js = 'console.log("app");'.repeat(50);
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js'), js);
    fs.writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js.gz'), zlib.gzipSync(js));
    const t = await startTestApp({}, { webRoot });
    try {
      const asset = await t.runtime.app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip' } });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-encoding']).toBe('gzip');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const index = await t.runtime.app.inject({ url: '/' });
      expect(index.headers['cache-control']).toBe('no-cache');
      const route = await t.runtime.app.inject({ url: '/reports' });
      expect(route.statusCode).toBe(200);
      expect(route.body).toContain('<title>TimeTracker</title>');
      const api = await t.runtime.app.inject({ url: '/api/v1/nope' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
      // Metrics are off here: a scraper gets 404, not the UI's page.
      const metrics = await t.runtime.app.inject({ url: '/metrics' });
      expect(metrics.statusCode).toBe(404);
      expect(metrics.json().error.code).toBe('not_found');
    } finally {
      await t.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    }
  });
});
