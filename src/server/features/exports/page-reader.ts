// The pages of a large export, read in a worker thread. The database work of an export (on SQLite all of
// it runs in the calling thread) then overlaps with formatting and writing the file, and the server's event
// loop stays free for other requests while a million rows are read.
import { Worker } from 'node:worker_threads';
import type { DatabaseSource } from '../../db/bulk-reader.js';
import type { ExportPage, ExportSelection } from './exports.queries.js';

export interface PageReaderInput {
  source: DatabaseSource;
  selection: ExportSelection;
  /** Keyset of the last entry already read: the worker continues after it. */
  after: [number, number];
  pageSize: number;
  /** Pages the worker may read ahead of the consumer. */
  prefetch: number;
}

export type PageReaderMessage = { type: 'page'; page: ExportPage } | { type: 'end' } | { type: 'error'; message: string };

const PREFETCH = 2;

/**
 * The compiled worker next to this file; under tsx or vitest (sources run as TypeScript) the worker
 * registers tsx's loader before importing the TypeScript source.
 */
function startWorker(input: PageReaderInput): Worker {
  const self = import.meta.url;
  if (self.endsWith('.js')) return new Worker(new URL('./page-reader.worker.js', self), { workerData: input });
  const source = new URL('./page-reader.worker.ts', self).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData: input });
}

/** The pages after `after`, read by a worker thread; ends the worker when the consumer stops early. */
export async function* pagesFromWorker(
  source: DatabaseSource,
  selection: ExportSelection,
  after: [number, number],
  pageSize: number,
): AsyncGenerator<ExportPage> {
  const worker = startWorker({ source, selection, after, pageSize, prefetch: PREFETCH });
  const inbox: (PageReaderMessage | { type: 'failed'; error: Error })[] = [];
  let wake: (() => void) | undefined;
  const deliver = (message: (typeof inbox)[number]) => {
    inbox.push(message);
    wake?.();
  };
  worker.on('message', deliver);
  worker.on('error', (error) => deliver({ type: 'failed', error }));
  worker.on('exit', (code) => deliver({ type: 'failed', error: new Error(`export reader stopped (exit code ${code})`) }));
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift()!;
      if (message.type === 'end') return;
      if (message.type === 'failed') throw message.error;
      if (message.type === 'error') throw new Error(`export reader: ${message.message}`);
      worker.postMessage('next');
      yield message.page;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
