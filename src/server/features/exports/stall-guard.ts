// Ends a streamed file whose client has stopped reading. A stalled client holds a heavy-work slot, an export's
// read-ahead and maybe a reader thread; back-pressure already keeps it from costing more than a page or
// two of memory, and this gives the rest back after EXPORT_STALL_SECONDS.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * Watches `response`: once its buffer has stayed full (the client reads nothing, so no 'drain') for `ms`,
 * the file is destroyed (its generator's `finally` gives back the thread and the read-ahead) and the
 * connection is closed, so the client sees a cut response, never one that looks complete.
 */
export function endWhenStalled(response: ServerResponse, file: Readable, ms: number): void {
  let stalledSince: number | undefined;
  const progressed = () => (stalledSince = undefined);
  const check = () => {
    if (!response.writableNeedDrain) return progressed();
    const now = Date.now();
    stalledSince ??= now;
    if (now - stalledSince < ms) return;
    stop();
    file.destroy(new Error(`the client read nothing for ${Math.round(ms / 1000)} s`));
    response.destroy();
  };
  const timer = setInterval(check, Math.max(25, Math.min(1000, ms / 4)));
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    response.off('drain', progressed);
  };
  response.on('drain', progressed);
  response.once('close', stop);
}
