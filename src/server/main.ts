// Entry point of `npm start`: start the server, stop cleanly on SIGTERM/SIGINT.
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config/config.js';
import { createRuntime } from './runtime.js';

const WEB_ROOT = fileURLToPath(new URL('../web', import.meta.url));

// The contract: the whole process is gone within 3 s of SIGTERM/SIGINT, also under `npm start`, whose npm process
// waits for this one and needs another ~0.1-0.2 s to exit. runtime.close() is done by GRACEFUL_MS (it shares that
// time out between open requests, jobs, the analytics flush and the database); HARD_EXIT_MS is the backstop.
const GRACEFUL_MS = 2400;
const HARD_EXIT_MS = 2600;

async function main(): Promise<void> {
  let runtime;
  try {
    runtime = await createRuntime(process.env, { webRoot: WEB_ROOT });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { app, config, database } = runtime;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const signalled = Date.now();
    // Never hang: whatever is still open at the hard stop is abandoned.
    setTimeout(() => process.exit(0), HARD_EXIT_MS).unref();
    runtime.close({ deadline: signalled + GRACEFUL_MS }).then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const metrics = config.METRICS_ENABLED ? `http://${config.HOST}:${config.METRICS_PORT ?? config.PORT}/metrics` : 'off';
  app.log.info({ url: config.BASE_URL, database: database.kind, location: database.location, version: runtime.ctx.version, metrics }, 'TimeTracker is ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`TimeTracker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
