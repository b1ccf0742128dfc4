// The thread that reads a large export's pages (see page-reader.ts): its own database connection, the same
// page query as the caller's, a page at a time from the keyset it is given, at most `prefetch` pages ahead
// of what the caller has taken.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/database.js';
import { exportPage, pageEnd } from './exports.queries.js';
import type { PageReaderCommand, PageReaderInput, PageReaderMessage } from './page-reader.js';

const input = workerData as PageReaderInput;
const port = parentPort!;
const send = (message: PageReaderMessage) =>
  port.postMessage(message, message.type === 'page' ? [message.page.numbers.buffer as ArrayBuffer] : []);

let credit = input.prefetch;
let after: [number, number] | undefined;
let wake: (() => void) | undefined;
port.on('message', (command: PageReaderCommand) => {
  if (command.type === 'start') after = command.after;
  else credit++;
  wake?.();
});
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise<void>((resolve) => (wake = resolve));
};

const database = await openDatabase({ ...input.source, poolSize: 1 });
try {
  send({ type: 'ready' });
  await until(() => after !== undefined);
  for (;;) {
    await until(() => credit > 0);
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
