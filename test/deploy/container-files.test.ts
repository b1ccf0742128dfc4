// The container files agree with the code: the Dockerfile's environment, volume, port, health check and start
// command, and the two compose files' services, volumes, health checks and variables, checked against what the
// config module reads. No Docker engine runs here (scripts/image-test.sh builds and runs the image with buildah);
// compose files cannot be started, so they are parsed and their environment is fed to loadConfig.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, VARIABLES } from '../../src/server/config/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => fs.readFileSync(`${ROOT}/${file}`, 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
/** Dockerfile instructions per stage (continuation lines joined, comments dropped). */
function dockerfileStages(text: string): Instruction[][] {
  const stages: Instruction[][] = [];
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') stages.push([]);
    stages.at(-1)?.push({ keyword: keyword.toUpperCase(), args: args.trim() });
  }
  return stages;
}
const all = (stage: Instruction[], keyword: string) => stage.filter((i) => i.keyword === keyword).map((i) => i.args);
function envOf(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of all(stage, 'ENV')) for (const [, k = '', v = ''] of args.matchAll(/(\w+)=(\S+)/g)) env[k] = v;
  return env;
}

/** Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} with the values a user would put into .env. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (kind === '-') return rest ?? '';
    throw new Error(`${name} is required: ${rest}`);
  });
}

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}
const compose = (file: string) => parse(read(file), { merge: true }) as Compose;
const isApp = (service: Service) => service.image?.startsWith('timetracker') === true;

const [buildStage = [], runtime = []] = dockerfileStages(read('Dockerfile'));
const imageEnv = envOf(runtime);
const secrets = Object.entries(VARIABLES)
  .filter(([, spec]) => 'secret' in spec && spec.secret)
  .map(([name]) => name);

describe('Dockerfile', () => {
  it('builds on node:20-bookworm-slim with the compiler and runs on it without', () => {
    expect(dockerfileStages(read('Dockerfile'))).toHaveLength(2);
    expect(all(buildStage, 'FROM')).toEqual(['node:20-bookworm-slim AS build']);
    expect(all(buildStage, 'RUN').join(' ')).toMatch(/apt-get install .*g\+\+ make python3/);
    expect(envOf(buildStage).npm_config_nodedir, 'node-gyp must find the headers in the base image').toBe('/usr/local');
    expect(all(runtime, 'FROM')).toEqual(['node:20-bookworm-slim']);
    expect(all(runtime, 'RUN').join(' ')).not.toMatch(/apt-get|npm (ci|install)/);
    expect(all(runtime, 'COPY').sort()).toEqual([
      '--from=build /app/dist ./dist',
      '--from=build /app/node_modules ./node_modules',
      '--from=build /app/package.json ./',
    ]);
  });

  it('sets the environment the config module reads, with /data as the volume and PORT exposed', () => {
    expect(imageEnv).toEqual({ NODE_ENV: 'production', DATA_DIR: '/data', HOST: '0.0.0.0', PORT: '8080' });
    for (const name of Object.keys(imageEnv)) expect(VARIABLES).toHaveProperty(name);
    const config = loadConfig(imageEnv);
    expect(all(runtime, 'VOLUME')).toEqual([config.DATA_DIR]);
    expect(all(runtime, 'EXPOSE')).toEqual([String(config.PORT)]);
  });

  it('runs node directly, as a user that is not root, and asks /api/v1/health with node', () => {
    expect(all(runtime, 'ENTRYPOINT')).toEqual(['[]']);
    const [cmd] = all(runtime, 'CMD');
    const argv = JSON.parse(cmd ?? 'null') as string[];
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('dist/server/main.js');
    expect(fs.existsSync(`${ROOT}/src/server/main.ts`)).toBe(true);
    expect(all(runtime, 'USER')).toEqual(['node']);
    const [healthcheck = ''] = all(runtime, 'HEALTHCHECK');
    const probe = JSON.parse(healthcheck.replace(/^.*?CMD\s+/, '')) as string[];
    expect(probe[0]).toBe('node');
    expect(probe.join(' ')).toContain("/api/v1/health'");
    expect(read('src/server/features/health/health.routes.ts')).toContain("app.get('/health'");
  });

  it('bakes in no secret and keeps local data out of the build context', () => {
    const everything = [...buildStage, ...runtime].filter((i) => ['ENV', 'ARG'].includes(i.keyword)).map((i) => i.args);
    for (const name of secrets) expect(everything.join(' ')).not.toContain(name);
    const ignored = read('.dockerignore').split('\n');
    for (const path of ['node_modules', 'dist', 'data', '.git', '.env', 'screenshots', '*.sqlite'])
      expect(ignored).toContain(path);
  });
});

describe('compose.yaml (SQLite)', () => {
  const file = compose('compose.yaml');

  it('is one service with one named volume on DATA_DIR and the image port published', () => {
    const services = Object.values(file.services);
    expect(services).toHaveLength(1);
    const [app] = services as [Service];
    expect(app.build).toBe('.');
    const volumes = (app.volumes ?? []).map((v) => v.split(':'));
    expect(volumes).toEqual([[expect.any(String), imageEnv.DATA_DIR]]);
    expect(Object.keys(file.volumes ?? {})).toEqual([volumes[0]?.[0]]);
    expect(app.ports).toEqual([`8080:${imageEnv.PORT}`]);
  });

  it('passes only variables the config module knows, which it accepts; no database URL', () => {
    const [app] = Object.values(file.services) as [Service];
    const env = Object.fromEntries(Object.entries(app.environment ?? {}).map(([k, v]) => [k, interpolate(v, {})]));
    for (const name of Object.keys(env)) expect(VARIABLES).toHaveProperty(name);
    expect(env).not.toHaveProperty('DATABASE_URL');
    const config = loadConfig({ ...imageEnv, ...env });
    expect(config.BASE_URL).toBe('http://localhost:8080');
    expect(config.DATABASE_URL).toBeUndefined();
  });
});

describe('compose.team.yaml (PostgreSQL 15, two processes, nginx)', () => {
  const file = compose('compose.team.yaml');
  const dotEnv = { POSTGRES_PASSWORD: 'a1b2c3d4e5f6', SECRET_KEY: 'k'.repeat(48), BASE_URL: 'https://time.example.com' };
  const apps = Object.entries(file.services).filter(([, s]) => isApp(s));
  const db = file.services.db!;
  const nginx = file.services.nginx!;

  it('runs PostgreSQL 15 with a health check and its data on a named volume', () => {
    expect(db.image).toMatch(/^postgres:15(-|$)/);
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
    const [volume] = (db.volumes ?? []).map((v) => v.split(':')[0]);
    expect(Object.keys(file.volumes ?? {})).toEqual([volume]);
  });

  it('runs two app processes that share the database and SECRET_KEY, started once the database is healthy', () => {
    expect(apps.map(([name]) => name)).toEqual(['app1', 'app2']);
    const [first, second] = apps.map(([, s]) => s) as [Service, Service];
    expect(second.environment).toEqual(first.environment);
    for (const [, app] of apps) expect(app.depends_on?.db).toEqual({ condition: 'service_healthy' });
    expect(() => interpolate(first.environment!.SECRET_KEY!, {})).toThrow(/SECRET_KEY is required/);

    const env = Object.fromEntries(Object.entries(first.environment ?? {}).map(([k, v]) => [k, interpolate(v, dotEnv)]));
    for (const name of Object.keys(env)) expect(VARIABLES).toHaveProperty(name);
    const config = loadConfig({ ...imageEnv, ...env });
    const url = new URL(config.DATABASE_URL!);
    expect([url.hostname, url.username, url.password, url.pathname]).toEqual([
      'db',
      db.environment?.POSTGRES_USER,
      dotEnv.POSTGRES_PASSWORD,
      `/${db.environment?.POSTGRES_DB}`,
    ]);
    expect(config.SECRET_KEY).toBe(dotEnv.SECRET_KEY);
    // Only nginx reaches the processes: exactly one hop is trusted for the client address and the scheme.
    expect(config.trustProxy).toBe(1);
    for (const [, app] of apps) expect(app.ports).toBeUndefined();
  });

  it('puts nginx with deploy/nginx.conf in front of both processes, once they are healthy', () => {
    expect(nginx.volumes).toContain('./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(nginx.depends_on).toEqual(Object.fromEntries(apps.map(([name]) => [name, { condition: 'service_healthy' }])));
    const conf = read('deploy/nginx.conf');
    const upstreams = [...conf.matchAll(/^\s*server (\S+?):(\d+) /gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstreams).toEqual(apps.map(([name]) => `${name}:${imageEnv.PORT}`));
  });

  it('deploy/nginx.conf is the configuration of docs/deployment.md apart from addresses and certificates', () => {
    const [, documented = ''] = /```nginx\n([\s\S]*?)```/.exec(read('docs/deployment.md')) ?? [];
    const directives = (text: string) =>
      text
        .split('\n')
        .map((line) => line.replace(/#.*$/, '').trim())
        .filter((line) => line && !/^(server \S+:\d+|server_name|ssl_certificate)/.test(line));
    expect(directives(read('deploy/nginx.conf'))).toEqual(directives(documented));
  });
});
