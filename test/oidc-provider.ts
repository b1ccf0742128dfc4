// A real OpenID provider for tests (oidc-provider on 127.0.0.1), an HTTP "browser" with a cookie jar that
// follows redirects by hand, and helpers that walk through the provider's devInteractions login and consent
// forms. Nothing of the app is mocked: the app talks to this provider over real HTTP.
import http from 'node:http';
import net from 'node:net';
import Provider from 'oidc-provider';
import { startTestApp, TEST_PASSWORD, type TestApp } from './harness.js';

export const TEST_CLIENT_ID = 'timetracker';
export const TEST_CLIENT_SECRET = 'test-client-secret-that-is-long-enough';

/** A free TCP port on 127.0.0.1 (released again, so a server can bind it next). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestProviderOptions {
  port?: number;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

export interface TestProvider {
  issuer: string;
  port: number;
  /** Claims per login name (the login name is the subject); change them between logins. */
  accounts: Map<string, Record<string, unknown>>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** oidc-provider with one confidential client; `start()` listens on its port (fixed, so it can start late). */
export async function createTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  // oidc-provider warns (once per instance) about its development defaults, which is what tests want.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING')) return;
    warn(...args);
  };
  let provider: Provider;
  try {
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: TEST_CLIENT_ID,
          client_secret: TEST_CLIENT_SECRET,
          redirect_uris: options.redirectUris,
          post_logout_redirect_uris: options.postLogoutRedirectUris,
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'preferred_username', 'groups'],
      },
      async findAccount(_ctx: unknown, sub: string) {
        const claims = accounts.get(sub);
        if (!claims) return undefined;
        return { accountId: sub, claims: () => ({ ...claims, sub }) };
      },
      cookies: { keys: ['test-provider-cookie-key'] },
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          // The default page works the same, but prints a notice on every use.
          logoutSource(ctx: { body: string }, form: string) {
            ctx.body = `<!doctype html><html><body>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></body></html>`;
          },
        },
      },
    });
  } finally {
    console.warn = warn;
  }
  let server: http.Server | undefined;
  return {
    issuer,
    port,
    accounts,
    async start() {
      const s = http.createServer(provider.callback());
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', resolve);
      });
      server = s;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}

interface StoredCookie {
  value: string;
  path: string;
}

/** Just enough of a browser: per-host cookies (ports ignored, as browsers do), paths, deletion, manual redirects. */
export class HttpBrowser {
  readonly cookies = new Map<string, Map<string, StoredCookie>>();

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name)?.value;
  }

  setCookie(host: string, name: string, value: string, path = '/'): void {
    let byName = this.cookies.get(host);
    if (!byName) this.cookies.set(host, (byName = new Map()));
    byName.set(name, { value, path });
  }

  private cookieHeader(url: URL): string | undefined {
    const byName = this.cookies.get(url.hostname);
    if (!byName) return undefined;
    const pairs = [...byName.entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  private store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
      }
      if (expired) this.cookies.get(url.hostname)?.delete(name);
      else this.setCookie(url.hostname, name, value, path);
    }
  }

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.store(target, response);
    return response;
  }

  get(url: string, headers?: Record<string, string>): Promise<Response> {
    return this.request(url, { headers });
  }
}

export function locationOf(response: Response, base: string): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, base).href;
}

export function formAction(html: string, base: string): string {
  const match = /<form[^>]*action="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`no form in provider page: ${html.slice(0, 300)}`);
  return new URL(match[1].replace(/&amp;/g, '&'), base).href;
}

/**
 * Walks from the provider's authorization URL through its login form (as `login`) and consent form until the
 * provider redirects to `callbackPrefix`; returns that callback URL without following it.
 */
export async function authorizeAtProvider(
  browser: HttpBrowser,
  authorizationUrl: string,
  login: string,
  callbackPrefix: string,
): Promise<{ callbackUrl: string; prompts: string[] }> {
  let url = authorizationUrl;
  let form: Record<string, string> | undefined;
  const prompts: string[] = [];
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(callbackPrefix)) return { callbackUrl: url, prompts };
    const response = await browser.request(url, form ? { form } : {});
    form = undefined;
    if (response.status >= 300 && response.status < 400) {
      url = locationOf(response, url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    if (html.includes('name="prompt" value="login"')) form = { prompt: 'login', login, password: 'any' };
    else if (html.includes('name="prompt" value="consent"')) form = { prompt: 'consent' };
    else throw new Error(`unexpected provider page: ${html.slice(0, 500)}`);
    prompts.push(form.prompt!);
    url = formAction(html, url);
  }
  throw new Error('too many hops at the provider');
}

/** An app listening on a real port, wired to a test provider (which may be started later). */
export interface OidcTestBed {
  t: TestApp;
  provider: TestProvider;
  appUrl: string;
  callbackPrefix: string;
  close(): Promise<void>;
}

export const BOOTSTRAP_ADMIN = 'root';

type TestBedOptions = {
  startProvider?: boolean;
  runtime?: Parameters<typeof startTestApp>[1];
  /** Host name of BASE_URL (the app still listens on 127.0.0.1), e.g. one a browser maps to 127.0.0.1. */
  publicHost?: string;
};

/**
 * The app and the provider on ports that were free a moment ago (each URL names its port, so they are chosen
 * before listening). Test files run side by side, so another file may bind one of them first: the bed is then
 * set up again on other ports.
 */
export async function startOidcTestBed(
  extraEnv: Record<string, string> = {},
  options: TestBedOptions = {},
): Promise<OidcTestBed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOidcTestBedOnce(extraEnv, options);
    } catch (error) {
      if (attempt < 5 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
      throw error;
    }
  }
}

async function startOidcTestBedOnce(extraEnv: Record<string, string>, options: TestBedOptions): Promise<OidcTestBed> {
  const appPort = await freePort();
  const appUrl = `http://${options.publicHost ?? '127.0.0.1'}:${appPort}`;
  const callbackPrefix = `${appUrl}/api/v1/auth/oidc/callback`;
  const provider = await createTestProvider({ redirectUris: [callbackPrefix], postLogoutRedirectUris: [`${appUrl}/login`] });
  if (options.startProvider ?? true) await provider.start();
  const t = await startTestApp(
    {
      PORT: String(appPort),
      BASE_URL: appUrl,
      AUTH_METHOD: 'both',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
      ADMIN_USERNAME: BOOTSTRAP_ADMIN,
      ADMIN_PASSWORD: TEST_PASSWORD,
      ...extraEnv,
    },
    options.runtime,
  );
  try {
    await t.runtime.app.listen({ port: appPort, host: '127.0.0.1' });
  } catch (error) {
    await t.close();
    await provider.stop();
    throw error;
  }
  return {
    t,
    provider,
    appUrl,
    callbackPrefix,
    close: async () => {
      await t.close();
      await provider.stop();
    },
  };
}
