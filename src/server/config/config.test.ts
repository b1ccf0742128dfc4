import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, VARIABLES, type VariableName } from './config.js';

/** Runs loadConfig and returns the ConfigError it throws (fails the test when it throws nothing or something else). */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

function expectRejected(
  env: Record<string, string>,
  variable: string,
  accepts: string | undefined = VARIABLES[variable as VariableName]?.accepts,
): ConfigError {
  const error = configError(env);
  expect(error.variable).toBe(variable);
  expect(error.message).toContain(variable);
  if (accepts) expect(error.message).toContain(accepts);
  expect(error.message).not.toMatch(/[\r\n]/);
  return error;
}

// Found by behaviour rather than listed, so a boolean variable added later is covered too.
const BOOLEAN_VARIABLES = (Object.keys(VARIABLES) as VariableName[]).filter((name) => {
  const schema = VARIABLES[name].schema as { safeParse(v: string): { success: boolean; data?: unknown } };
  return schema.safeParse('yes').data === true && schema.safeParse('off').data === false;
});

describe('loadConfig', () => {
  it('starts with the documented defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      BASE_URL: 'http://localhost:8080',
      DATA_DIR: './data',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      TRUST_PROXY: 'false',
      trustProxy: false,
      DATABASE_URL: undefined,
      DATABASE_POOL_SIZE: 10,
      SECRET_KEY: undefined,
      SESSION_COOKIE_SECURE: 'auto',
      SESSION_LIFETIME_HOURS: 336,
      LOGIN_MAX_ATTEMPTS: 10,
      LOGIN_WINDOW_MINUTES: 15,
      AUTH_METHOD: 'local',
      localLoginEnabled: true,
      oidcEnabled: false,
      ALLOW_SELF_REGISTER: false,
      ADMIN_USERNAME: undefined,
      TZ: 'UTC',
      CURRENCY: 'EUR',
      ROUNDING_MINUTES: 1,
      POSTHOG_API_KEY: undefined,
      POSTHOG_HOST: 'https://us.i.posthog.com',
      ENABLE_TELEMETRY: undefined,
      ANALYTICS_ENABLED: undefined,
      DO_NOT_TRACK: undefined,
      ANALYTICS_DEBUG: undefined,
      OIDC_REDIRECT_URI: undefined,
      OIDC_POST_LOGOUT_REDIRECT_URI: undefined,
      OIDC_AUTO_CREATE_USERS: true,
      oidcAdminEmails: [],
    });
  });

  it('parses every default with its own schema', () => {
    for (const [name, spec] of Object.entries(VARIABLES)) {
      if ('default' in spec) expect(spec.schema.safeParse(spec.default).success, name).toBe(true);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', TZ: '', ENABLE_TELEMETRY: '' })).toMatchObject({
      PORT: 8080,
      TZ: 'UTC',
      ENABLE_TELEMETRY: undefined,
    });
  });

  it('derives BASE_URL from PORT when unset', () => {
    expect(loadConfig({ PORT: '3000' }).BASE_URL).toBe('http://localhost:3000');
  });

  describe('booleans', () => {
    it('finds the boolean variables', () => {
      expect(BOOLEAN_VARIABLES).toEqual(
        expect.arrayContaining([
          'ALLOW_SELF_REGISTER',
          'ENABLE_TELEMETRY',
          'ANALYTICS_ENABLED',
          'DO_NOT_TRACK',
          'ANALYTICS_DEBUG',
          'OIDC_AUTO_CREATE_USERS',
        ]),
      );
    });

    const words: [string, boolean][] = [
      ['true', true],
      ['1', true],
      ['yes', true],
      ['on', true],
      ['TRUE', true],
      [' Yes ', true],
      ['On', true],
      ['false', false],
      ['0', false],
      ['no', false],
      ['off', false],
      ['FALSE', false],
      ['No', false],
      [' OFF\t', false],
    ];
    it.each(words)('reads %j as %s for every boolean variable', (word, value) => {
      for (const name of BOOLEAN_VARIABLES) expect(loadConfig({ [name]: word })[name], name).toBe(value);
    });

    it.each(['2', 'y', 'enabled', 'tru', 'yes please', '-1', 'null'])(
      'refuses %j naming the variable and the accepted words',
      (word) => {
        for (const name of BOOLEAN_VARIABLES) {
          const error = expectRejected({ [name]: word }, name);
          expect(error.message).toContain(`${name}=${JSON.stringify(word)}`);
          expect(error.message).toContain('true/false');
        }
      },
    );

    it('any string either parses to a boolean or stops with a ConfigError naming the variable', () => {
      const boolish = fc
        .tuple(fc.constantFrom('true', 'false', '1', '0', 'yes', 'no', 'on', 'off'), fc.string({ maxLength: 2 }), fc.boolean())
        .map(([word, noise, upper]) => (upper ? word.toUpperCase() : word) + noise);
      fc.assert(
        fc.property(
          fc.constantFrom(...BOOLEAN_VARIABLES),
          fc.oneof(fc.string(), fc.string({ unit: 'binary' }), boolish),
          (name, value) => {
            let config;
            try {
              config = loadConfig({ [name]: value });
            } catch (error) {
              expect(error).toBeInstanceOf(ConfigError);
              expect((error as ConfigError).variable).toBe(name);
              expect((error as ConfigError).message).toContain(name);
              return;
            }
            if (value === '') expect(config[name]).toBe(loadConfig({})[name]);
            else expect(typeof config[name]).toBe('boolean');
          },
        ),
        { numRuns: 500 },
      );
    });
  });

  describe('bad values stop with one line naming the variable and what it accepts', () => {
    it.each(['abc', '-1', '65536', '1.5', '8080 '])('PORT=%j', (value) => {
      expectRejected({ PORT: value }, 'PORT');
    });

    it('accepts the PORT range ends', () => {
      expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
      expect(loadConfig({ PORT: '65535' }).PORT).toBe(65535);
    });

    it.each([
      ['NODE_ENV', 'staging'],
      ['LOG_LEVEL', 'verbose'],
      ['DATABASE_POOL_SIZE', '0'],
      ['DATABASE_POOL_SIZE', '201'],
      ['SESSION_COOKIE_SECURE', 'maybe'],
      ['SESSION_LIFETIME_HOURS', '8761'],
      ['AUTH_METHOD', 'ldap'],
      ['CURRENCY', 'eur'],
      ['ROUNDING_MINUTES', '7'],
      ['DEPLOYMENT_METHOD', 'podman'],
      ['POSTHOG_HOST', 'ftp://posthog.example.com'],
      ['ADMIN_USERNAME', 'has space'],
    ])('%s=%j', (name, value) => {
      const env: Record<string, string> = { [name]: value };
      if (name === 'ADMIN_USERNAME') env.ADMIN_PASSWORD = 'long enough password';
      const error = expectRejected(env, name);
      expect(error.message).toContain(`${name}=${JSON.stringify(value)}`);
    });

    it('hides the values of secret variables', () => {
      const key = expectRejected({ SECRET_KEY: 'too-short-secret' }, 'SECRET_KEY');
      expect(key.message).toContain('SECRET_KEY (value hidden)');
      expect(key.message).not.toContain('too-short-secret');
      const password = expectRejected({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'hunter2' }, 'ADMIN_PASSWORD');
      expect(password.message).not.toContain('hunter2');
      for (const [name, spec] of Object.entries(VARIABLES)) {
        if (name === 'SECRET_KEY' || name === 'ADMIN_PASSWORD') expect('secret' in spec && spec.secret, name).toBe(true);
      }
    });
  });

  describe('TZ', () => {
    it.each(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Asia/Kolkata'])('accepts %s', (tz) => {
      expect(loadConfig({ TZ: tz }).TZ).toBe(tz);
    });
    it.each(['Mars/Olympus_Mons', 'Europe/Berlin2', 'GMT+25'])('refuses %s', (tz) => {
      expectRejected({ TZ: tz }, 'TZ');
    });
  });

  describe('accounts', () => {
    it('needs ADMIN_USERNAME and ADMIN_PASSWORD together, without printing the password', () => {
      const missingPassword = expectRejected(
        { ADMIN_USERNAME: 'root' },
        'ADMIN_PASSWORD',
        'ADMIN_USERNAME and ADMIN_PASSWORD must be set together',
      );
      expect(missingPassword.message).toContain('missing');
      const missingUser = expectRejected({ ADMIN_PASSWORD: 'a long password' }, 'ADMIN_USERNAME', 'must be set together');
      expect(missingUser.message).not.toContain('a long password');
      expect(loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a long password' })).toMatchObject({ ADMIN_USERNAME: 'root' });
    });

    const oidc = {
      BASE_URL: 'https://time.example.com',
      OIDC_ISSUER: 'https://sso.example.com/realms/main',
      OIDC_CLIENT_ID: 'timetracker',
    };

    it.each(['oidc', 'both'])('AUTH_METHOD=%s needs OIDC_ISSUER and OIDC_CLIENT_ID', (method) => {
      const { OIDC_ISSUER: _issuer, ...withoutIssuer } = oidc;
      const issuer = expectRejected({ ...withoutIssuer, AUTH_METHOD: method }, 'OIDC_ISSUER');
      expect(issuer.message).toContain(`AUTH_METHOD is ${method}`);
      const { OIDC_CLIENT_ID: _client, ...withoutClient } = oidc;
      expectRejected({ ...withoutClient, AUTH_METHOD: method }, 'OIDC_CLIENT_ID');
    });

    it('enables the login methods AUTH_METHOD names and derives the OIDC addresses from BASE_URL', () => {
      expect(loadConfig({ ...oidc, AUTH_METHOD: 'oidc' })).toMatchObject({
        oidcEnabled: true,
        localLoginEnabled: false,
        OIDC_REDIRECT_URI: 'https://time.example.com/api/v1/auth/oidc/callback',
        OIDC_POST_LOGOUT_REDIRECT_URI: 'https://time.example.com/login',
      });
      expect(loadConfig({ ...oidc, AUTH_METHOD: 'both' })).toMatchObject({ oidcEnabled: true, localLoginEnabled: true });
      expectRejected({ ...oidc, AUTH_METHOD: 'oidc', OIDC_SCOPES: 'profile email' }, 'OIDC_SCOPES');
    });

    it('normalises OIDC_ADMIN_EMAILS to a lower-case list', () => {
      expect(loadConfig({ OIDC_ADMIN_EMAILS: ' Ada@Example.com, ,bob@example.com' }).oidcAdminEmails).toEqual([
        'ada@example.com',
        'bob@example.com',
      ]);
    });
  });

  describe('TRUST_PROXY', () => {
    it.each([
      ['true', true],
      ['YES', true],
      ['off', false],
      ['0', false],
      ['2', 2],
      ['10', 10],
      ['127.0.0.1', ['127.0.0.1']],
      ['10.0.0.0/8, 192.168.1.1 ,::1', ['10.0.0.0/8', '192.168.1.1', '::1']],
      ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
      ['fd00::/8', ['fd00::/8']],
    ])('reads %j as %j', (value, expected) => {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });

    it.each(['proxy.example.com', ',', '10.0.0.0/8; rm -rf', 'maybe'])('refuses %j', (value) => {
      expectRejected({ TRUST_PROXY: value }, 'TRUST_PROXY');
    });
  });

  describe('BASE_URL', () => {
    it.each([
      ['https://time.example.com/', 'https://time.example.com'],
      ['https://time.example.com', 'https://time.example.com'],
      ['http://10.0.0.5:8080//', 'http://10.0.0.5:8080'],
      ['https://example.com/timetracker/', 'https://example.com/timetracker'],
    ])('drops the trailing slash of %s', (value, expected) => {
      expect(loadConfig({ BASE_URL: value }).BASE_URL).toBe(expected);
    });

    it.each(['time.example.com', 'ftp://time.example.com', 'not a url'])('refuses %s', (value) => {
      expectRejected({ BASE_URL: value }, 'BASE_URL');
    });
  });

  describe('HTTP time limits', () => {
    it('defaults to 20 s for headers, 60 s for a request and 72 s between kept-alive requests', () => {
      expect(loadConfig({})).toMatchObject({
        HTTP_HEADERS_TIMEOUT_SECONDS: 20,
        HTTP_REQUEST_TIMEOUT_SECONDS: 60,
        HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 72,
      });
    });

    it('refuses a request limit shorter than the header limit (the headers are part of the request)', () => {
      expect(
        loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '5', HTTP_REQUEST_TIMEOUT_SECONDS: '5' }).HTTP_REQUEST_TIMEOUT_SECONDS,
      ).toBe(5);
      expect(
        expectRejected({ HTTP_HEADERS_TIMEOUT_SECONDS: '30', HTTP_REQUEST_TIMEOUT_SECONDS: '10' }, 'HTTP_REQUEST_TIMEOUT_SECONDS')
          .message,
      ).toContain('(30)');
    });

    it.each(['0', '-1', '1.5', 'soon'])('refuses %j as a limit', (value) => {
      expectRejected({ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: value }, 'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS');
    });
  });

  describe('metrics', () => {
    it('are off by default, on their own port and behind a token only when asked', () => {
      expect(loadConfig({})).toMatchObject({ METRICS_ENABLED: false, METRICS_PORT: undefined, METRICS_TOKEN: undefined });
      const token = 'k'.repeat(16);
      expect(loadConfig({ METRICS_ENABLED: 'true', METRICS_PORT: '9464', METRICS_TOKEN: token })).toMatchObject({
        METRICS_ENABLED: true,
        METRICS_PORT: 9464,
        METRICS_TOKEN: token,
      });
    });

    it('refuses the main port as METRICS_PORT (it already has /metrics)', () => {
      expect(expectRejected({ PORT: '8080', METRICS_PORT: '8080' }, 'METRICS_PORT').message).toContain('leave it unset');
      expect(expectRejected({ METRICS_PORT: '8080' }, 'METRICS_PORT').message).toContain('(8080)');
      expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
    });

    it.each(['short', 'has a space in it ok?', `${'x'.repeat(513)}`, 'tab\there-0123456789'])(
      'refuses %j as a token, without printing it',
      (value) => {
        const error = expectRejected({ METRICS_TOKEN: value }, 'METRICS_TOKEN');
        expect(error.message).toContain('METRICS_TOKEN (value hidden)');
        expect(error.message).not.toContain(value);
      },
    );
  });
});
