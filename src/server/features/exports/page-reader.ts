// The pages of a large export, read in a worker thread. The database work of an export (on SQLite all of
// it runs in the calling thread) then overlaps with formatting and writing the file, and the server's event
// loop stays free for other requests while a million rows are read.
import type { Worker } from 'node:worker_threads';
import { startWorkerBeside } from '../../lib/worker-thread.js';
import type { DatabaseSource } from '../../db/bulk-reader.js';
import type { ExportPage, ExportSelection } from './exports.queries.js';

export interface PageReaderInput {
  source: DatabaseSource;
  selection: ExportSelection;
  pageSize: number;
  /** Pages the worker may read ahead of the consumer. */
  prefetch: number;
}

/** From the worker. */
export type PageReaderMessage =
  { type: 'ready' } | { type: 'page'; page: ExportPage } | { type: 'end' } | { type: 'error'; message: string };

/** To the worker: where to start (the keyset of the last entry read so far), then one per page taken. */
export type PageReaderCommand = { type: 'start'; after: [number, number] } | { type: 'next' };

const PREFETCH = 2;

/**
 * A worker thread that reads an export's pages. Starting one (loading the database modules, connecting)
 * takes a few hundred milliseconds, so the caller goes on reading pages itself until `ready` and then hands
 * over with `pagesAfter`; an export that ends before that only closes the thread.
 */
export class PageReaderThread {
  private readonly worker: Worker;
  private readonly inbox: (PageReaderMessage | { type: 'failed'; error: Error })[] = [];
  private wake: (() => void) | undefined;
  /** The thread has its connection and waits for `pagesAfter`. */
  ready = false;
  private readonly readyPromise: Promise<void>;
  private markReady = () => undefined as void;

  constructor(source: DatabaseSource, selection: ExportSelection, pageSize: number) {
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
    this.worker = startWorkerBeside(import.meta.url, 'page-reader.worker', {
      source,
      selection,
      pageSize,
      prefetch: PREFETCH,
    } satisfies PageReaderInput);
    this.worker.on('message', (message: PageReaderMessage) => {
      if (message.type === 'ready') {
        this.ready = true;
        this.markReady();
      } else this.deliver(message);
    });
    this.worker.on('error', (error) => this.deliver({ type: 'failed', error }));
    this.worker.on('exit', (code) =>
      this.deliver({ type: 'failed', error: new Error(`export reader stopped (exit code ${code})`) }),
    );
  }

  /** The pages after the keyset `after`; closes the thread when done or when the consumer stops early. */
  async *pagesAfter(after: [number, number]): AsyncGenerator<ExportPage> {
    try {
      this.send({ type: 'start', after });
      for (;;) {
        while (this.inbox.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        const message = this.inbox.shift()!;
        if (message.type === 'end') return;
        if (message.type === 'failed') throw message.error;
        if (message.type === 'error') throw new Error(`export reader: ${message.message}`);
        if (message.type === 'page') {
          this.send({ type: 'next' });
          yield message.page;
        }
      }
    } finally {
      await this.close();
    }
  }

  /** Resolves once the thread is ready (it never does if the thread fails first). */
  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners();
    await this.worker.terminate();
  }

  private send(command: PageReaderCommand): void {
    this.worker.postMessage(command);
  }

  private deliver(message: (typeof this.inbox)[number]): void {
    this.inbox.push(message);
    this.wake?.();
  }
}
