// Where the server's log lines go: stdout, as every container and service manager expects. pino's default
// destination writes each line with its own synchronous write(2) — one system call per request, 8 % of the CPU of
// a GET /timer here (docs/performance.md, "Log lines written together"). This one writes asynchronously: the
// lines that gather while a write is under way go out together in the next, so a busy server makes one call per
// batch, and a quiet one still writes every line at once. pino flushes what is left when the process exits (also
// through process.exit); only a kill -9 can lose the lines of the last few milliseconds.
import pino from 'pino';

/** More than this waiting to be written (stdout blocked by a stalled reader) is dropped rather than held in memory. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export function stdoutLogDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED_BYTES });
}
