// The thread that reads a large export's pages (see page-reader.ts): its own database connection, the same
// page query as the first page, a page at a time, at most `prefetch` pages ahead of what the server has taken.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.js';
import { exportPage, pageEnd } from './exports.queries.js';
import type { PageReaderInput, PageReaderMessage } from './page-reader.js';

const input = workerData as PageReaderInput;
const port = parentPort!;
const send = (message: PageReaderMessage) =>
  port.postMessage(message, message.type === 'page' ? [message.page.numbers.buffer as ArrayBuffer] : []);

let credit = input.prefetch;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit++;
  wake?.();
});

const database = await openDatabase({ ...input.source, poolSize: 1 });
try {
  let after = input.after;
  for (;;) {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    const page = await exportPage(database, input.selection, after, input.pageSize);
    const end = pageEnd(page, input.pageSize);
    send({ type: 'page', page });
    if (!end.full || !end.last) break;
    after = end.last;
  }
  send({ type: 'end' });
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  await database.close();
  port.close();
}
