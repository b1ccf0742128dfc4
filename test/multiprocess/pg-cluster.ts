// A private throwaway PostgreSQL 15 cluster (scripts/pg-throwaway.sh) for tests that stop and start the
// database. Never point these at a shared server: stop() really shuts the cluster down.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  adminUrl: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown: sessions are terminated, open transactions rolled back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (immediate) and removes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asPostgres = (command: string, args: string[]) =>
  process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);

export async function startPgCluster(): Promise<PgCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-pg-fault-'));
  const port = await freePort();
  const start = async () => {
    const { stdout } = await run(path.join(REPO_ROOT, 'scripts/pg-throwaway.sh'), [dir, String(port)]);
    return stdout.trim();
  };
  const adminUrl = await start();
  const pgCtl = (...args: string[]) => asPostgres(`${PG_BIN}/pg_ctl`, ['-D', path.join(dir, 'data'), ...args]);
  return {
    adminUrl,
    port,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: async () => {
      await pgCtl('stop', '-m', 'fast', '-w');
    },
    start: async () => {
      await start();
    },
    destroy: async () => {
      await pgCtl('stop', '-m', 'immediate', '-w').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
