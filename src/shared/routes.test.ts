import { describe, expect, it } from 'vitest';
import { findPage, matchPath, NOT_FOUND_PAGE, pageTemplate, PAGES } from './routes.js';

describe('route table', () => {
  it('names each page of the web UI by its template', () => {
    for (const route of Object.values(PAGES)) expect(pageTemplate(route.path)).toBe(route.path);
    expect(pageTemplate('/entries/')).toBe('/entries');
    expect(findPage('/admin/telemetry')?.name).toBe('adminTelemetry');
  });

  it('replaces ids by the template and reports undeclared paths as one fixed value', () => {
    const table = { ...PAGES, project: { path: '/projects/:id', access: 'user' as const } };
    expect(pageTemplate('/projects/42', table)).toBe('/projects/:id');
    expect(pageTemplate('/projects/ACME%20Secret', table)).toBe('/projects/:id');
    expect(pageTemplate('/projects/42/bob@example.com', table)).toBe(NOT_FOUND_PAGE);
    expect(pageTemplate('/nope')).toBe(NOT_FOUND_PAGE);
    expect(pageTemplate('/projects/%E0%A4%A', table)).toBe(NOT_FOUND_PAGE); // malformed escape
  });

  it('matches patterns segment by segment and decodes params', () => {
    expect(matchPath('/projects/:id', '/projects/a%20b')).toEqual({ id: 'a b' });
    expect(matchPath('/projects/:id', '/projects')).toBeNull();
    expect(matchPath('/admin/:rest', '/admin/x')).toEqual({ rest: 'x' });
  });
});
