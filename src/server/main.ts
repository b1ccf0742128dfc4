// Entry point of `npm start`: start the server, stop cleanly on SIGTERM/SIGINT.
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config/config.js';
import { createRuntime } from './runtime.js';

const WEB_ROOT = fileURLToPath(new URL('../web', import.meta.url));

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
    // Never hang: runtime.close() flushes analytics for at most 2.5 s; whatever is still open after 2.9 s is
    // abandoned, so the process is gone within 3 s of the signal.
    setTimeout(() => process.exit(0), 2900).unref();
    runtime.close().then(
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
  app.log.info({ url: config.BASE_URL, database: database.kind, location: database.location, version: runtime.ctx.version }, 'TimeTracker is ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`TimeTracker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
