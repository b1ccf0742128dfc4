// A bounded pool of worker threads that read the pages of large exports. The database work of an export (on
// SQLite all of it runs in the calling thread) then overlaps with formatting and writing the file, and the
// event loop stays free while a million rows are read. The pool never holds more than EXPORT_READER_THREADS
// threads (each with one database connection); an export that finds none free reads its pages itself.
// Threads start at first use and are kept for the life of the process: starting one costs tens of
// milliseconds of CPU (its modules), keeping an idle one only memory (see docs/performance.md, "Export reader
// threads"). runtime.ts closes the pool at shutdown.
import type { Worker } from 'node:worker_threads';
import {
  Kysely,
  DummyDriver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { startWorkerBeside } from '../../lib/worker-thread.js';
import type { DatabaseSource } from '../../db/bulk-reader.js';
import type { DB } from '../../db/schema.js';
import type { ExportPage, PageQuery } from './export-page.js';
import { pageQuery, type ExportSelection } from './exports.queries.js';

export interface PageReaderInput {
  source: DatabaseSource;
}

/** From the worker: `ready` once connected, `idle` after each job (finished, failed or stopped). */
export type PageReaderMessage =
  | { type: 'ready' }
  | { type: 'idle' }
  | { type: 'page'; job: number; page: ExportPage }
  | { type: 'end'; job: number }
  | { type: 'error'; job: number; message: string };

/** To the worker: a job (the pages after the keyset `after`), one `next` per page taken, `stop`, `exit`. */
export type PageReaderCommand =
  | { type: 'start'; job: number; query: PageQuery; pageSize: number; after: [number, number]; prefetch: number }
  | { type: 'next'; job: number }
  | { type: 'stop'; job: number }
  | { type: 'exit' };

/** Pages a thread may read ahead of its consumer: the read-ahead waits for the client beyond that. */
const PREFETCH = 2;
const YOUNG_GENERATION_MB = 4;
/** Threads are kept while the process runs unless the pool is given an idle time (tests). */
const KEEP = Infinity;

/** Compiles the page queries the threads run (they have no query builder of their own); executes nothing. */
function queryCompiler(source: DatabaseSource): Kysely<DB> {
  const postgres = source.url !== undefined;
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => (postgres ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (postgres ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (postgres ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  });
}

type Inbox = (PageReaderMessage | { type: 'failed'; error: Error })[];

/** One export's use of a thread, from `lease` to `release`. */
export interface ReaderLease {
  /** The thread has its connection: `pagesAfter` starts at once. */
  readonly ready: boolean;
  whenReady(): Promise<void>;
  /** The pages after the keyset `after`; releases the thread when done or when the consumer stops early. */
  pagesAfter(after: [number, number]): AsyncGenerator<ExportPage>;
  /** Gives the thread back (stops its job if one runs). Idempotent. */
  release(): void;
}

let jobIds = 0;

class ReaderThread {
  readonly worker: Worker;
  ready = false;
  private readonly readyPromise: Promise<void>;
  /** The job whose pages this thread reads, and where they go. */
  job: { id: number; inbox: Inbox; wake: () => void } | undefined;
  /** A lease holds the thread, or its stopped job has not reported `idle` yet. */
  busy = false;
  dead = false;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(
    source: DatabaseSource,
    private readonly onIdle: (thread: ReaderThread) => void,
    private readonly onDead: (thread: ReaderThread) => void,
  ) {
    let markReady = () => undefined as void;
    this.readyPromise = new Promise((resolve) => (markReady = resolve));
    this.worker = startWorkerBeside(import.meta.url, 'page-reader.worker', { source } satisfies PageReaderInput, {
      // A reader makes short-lived garbage only (a page, then the next): a small young generation keeps
      // each thread's memory, and what the process keeps after the thread has ended, small.
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
    });
    this.worker.on('message', (message: PageReaderMessage) => {
      if (message.type === 'ready') {
        this.ready = true;
        markReady();
        if (!this.busy) this.onIdle(this);
      } else if (message.type === 'idle') {
        this.job = undefined;
        this.busy = false;
        this.onIdle(this);
      } else if (this.job && message.job === this.job.id) {
        this.job.inbox.push(message);
        this.job.wake();
      }
    });
    const fail = (error: Error) => {
      if (this.dead) return;
      this.dead = true;
      clearTimeout(this.idleTimer);
      this.job?.inbox.push({ type: 'failed', error });
      this.job?.wake();
      this.onDead(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`export reader stopped (exit code ${code})`)));
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  send(command: PageReaderCommand): void {
    if (!this.dead) this.worker.postMessage(command);
  }

  async end(): Promise<void> {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idleTimer);
    this.worker.removeAllListeners('message');
    this.send({ type: 'exit' });
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // A thread stuck in a query is not waited for.
    const timer = setTimeout(() => void this.worker.terminate(), 1000);
    await exited;
    clearTimeout(timer);
  }
}

export class ReaderThreadPool {
  private readonly threads = new Set<ReaderThread>();
  private closed = false;
  private readonly compiler: Kysely<DB>;

  /** `idleMs`: a thread without work for this long ends (default: never). */
  constructor(
    private readonly source: DatabaseSource,
    readonly maxThreads: number,
    private readonly idleMs = KEEP,
  ) {
    this.compiler = queryCompiler(source);
  }

  /** Threads alive now (busy or idle). */
  get size(): number {
    return this.threads.size;
  }

  /** Threads held by an export now (or finishing a stopped job). */
  get busy(): number {
    return [...this.threads].filter((t) => t.busy).length;
  }

  /** A thread for one export: an idle one, a new one while below the limit, else undefined (read it yourself). */
  lease(selection: ExportSelection, pageSize: number): ReaderLease | undefined {
    if (this.closed) return undefined;
    let thread = [...this.threads].find((t) => !t.busy && !t.dead);
    if (!thread) {
      if (this.threads.size >= this.maxThreads) return undefined;
      thread = new ReaderThread(
        this.source,
        (t) => this.onIdle(t),
        (t) => this.threads.delete(t),
      );
      this.threads.add(thread);
    }
    clearTimeout(thread.idleTimer);
    thread.busy = true;
    return this.leaseOf(thread, selection, pageSize);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.threads];
    this.threads.clear();
    await Promise.all(all.map((t) => t.end()));
  }

  private onIdle(thread: ReaderThread): void {
    if (this.closed) return;
    clearTimeout(thread.idleTimer);
    if (this.idleMs === KEEP) return;
    thread.idleTimer = setTimeout(() => {
      this.threads.delete(thread);
      void thread.end();
    }, this.idleMs);
    thread.idleTimer.unref();
  }

  private leaseOf(thread: ReaderThread, selection: ExportSelection, pageSize: number): ReaderLease {
    const compiler = this.compiler;
    let released = false;
    let started = false;
    let myJob: number | undefined;
    const release = () => {
      if (released) return;
      released = true;
      // By job id: the thread may already have ended this job and taken another export's.
      if (started && myJob !== undefined) thread.send({ type: 'stop', job: myJob });
      else if (!started) {
        // Nothing was started: the thread is free at once (or when it is ready).
        thread.busy = false;
        if (thread.ready) this.onIdle(thread);
      }
    };
    return {
      get ready() {
        return thread.ready && !thread.dead;
      },
      whenReady: () => thread.whenReady(),
      release,
      async *pagesAfter(after) {
        if (released) throw new Error('export reader: the lease was released');
        started = true;
        const inbox: Inbox = [];
        let wake: (() => void) | undefined;
        const job = { id: ++jobIds, inbox, wake: () => wake?.() };
        myJob = job.id;
        thread.job = job;
        try {
          if (thread.dead) throw new Error('export reader stopped');
          const query = pageQuery(compiler, selection, pageSize);
          thread.send({ type: 'start', job: job.id, query, pageSize, after, prefetch: PREFETCH });
          for (;;) {
            while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
            const message = inbox.shift()!;
            if (message.type === 'end') return;
            if (message.type === 'failed') throw message.error;
            if (message.type === 'error') throw new Error(`export reader: ${message.message}`);
            if (message.type === 'page') {
              thread.send({ type: 'next', job: job.id });
              yield message.page;
            }
          }
        } finally {
          release();
        }
      },
    };
  }
}
