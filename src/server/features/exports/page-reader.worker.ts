// A thread of the export reader pool (see page-reader.ts): one database connection of its own, kept across
// jobs; per job the page query the server compiled for that export, a page at a time from the keyset it is
// given, at most `prefetch` pages ahead of what the caller has taken. Stops a job when told to, then waits
// for the next. It loads the bulk reader and export-page.ts only (no query builder, pg only for PostgreSQL):
// what a thread costs to start is mostly what it imports.
import { parentPort, workerData } from 'node:worker_threads';
import { openBulkReader } from '../../db/bulk-reader.js';
import { pageEnd, pageQueryAfter, toColumns, type PageRow } from './export-page.js';
import type { PageReaderCommand, PageReaderInput, PageReaderMessage } from './page-reader.js';

const input = workerData as PageReaderInput;
const port = parentPort!;
const send = (message: PageReaderMessage) =>
  port.postMessage(message, message.type === 'page' ? [message.page.numbers.buffer as ArrayBuffer] : []);

interface Job {
  command: Extract<PageReaderCommand, { type: 'start' }>;
  after: [number, number];
  credit: number;
  stopped: boolean;
}
let job: Job | undefined;
let exiting = false;
let wake: (() => void) | undefined;
port.on('message', (command: PageReaderCommand) => {
  if (command.type === 'start') job = { command, after: command.after, credit: command.prefetch, stopped: false };
  else if (command.type === 'exit') exiting = true;
  else if (job && command.job === job.command.job) {
    if (command.type === 'next') job.credit++;
    else job.stopped = true;
  }
  wake?.();
});
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise<void>((resolve) => (wake = resolve));
};

const bulk = await openBulkReader(input.source);
try {
  send({ type: 'ready' });
  for (;;) {
    await until(() => job !== undefined || exiting);
    if (exiting) break;
    const current = job!;
    const { job: id, query, pageSize } = current.command;
    try {
      for (;;) {
        await until(() => current.credit > 0 || current.stopped || exiting);
        if (current.stopped || exiting) break;
        current.credit--;
        const page = toColumns((await bulk.rows(pageQueryAfter(query, current.after))) as PageRow[]);
        if (current.stopped || exiting) break;
        const end = pageEnd(page, pageSize);
        send({ type: 'page', job: id, page });
        if (!end.full || !end.last) {
          send({ type: 'end', job: id });
          break;
        }
        current.after = end.last;
      }
    } catch (error) {
      send({ type: 'error', job: id, message: error instanceof Error ? error.message : String(error) });
    }
    if (job === current) job = undefined;
    send({ type: 'idle' });
  }
} finally {
  bulk.close();
  port.close();
}
