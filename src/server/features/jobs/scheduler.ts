// A small lease-based scheduler for periodic jobs that must run once per installation, not once per process:
// every process ticks, but a job runs only in the process whose conditional UPDATE of the job's `job_leases`
// row succeeds (due, and no live lease) — one row, one winner, on SQLite and on PostgreSQL alike. The row also
// records the last run, the next run and the last error, so an admin page or the CLI can show them.
//
// A job's first run is within `jitterSeconds` of the first start; each later run is `periodSeconds` after
// the previous one, moved by up to ±jitterSeconds/2 so installations do not all report at the same minute.
// A process that dies mid-run leaves a lease that expires after `leaseSeconds`; the job is then still due and
// another process runs it.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { nowSeconds } from '../../lib/clock.js';

export interface JobDefinition {
  name: string;
  periodSeconds: number;
  jitterSeconds: number;
  /** Longest a run may take before another process may take the job over. */
  leaseSeconds: number;
  run(): Promise<void>;
}

export interface SchedulerOptions {
  /** How often each process checks for due jobs. */
  tickMs: number;
  /** Identifies this process in `holder`. */
  holder: string;
  now: () => number;
  random: () => number;
}

export interface JobStatus {
  name: string;
  holder: string | null;
  leaseUntil: number;
  lastRunAt: number | null;
  nextRunAt: number | null;
  lastError: string | null;
}

const MAX_ERROR_LENGTH = 500;

/** Told after each run of a job in this process (metrics count them). */
export type JobRunListener = (name: string, failed: boolean) => void;

export class JobScheduler {
  readonly options: SchedulerOptions;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly tickHooks: (() => Promise<unknown>)[] = [];
  private readonly runListeners: JobRunListener[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<string[]> | undefined;
  private stopped = false;

  constructor(
    private readonly db: Kysely<DB>,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = {
      tickMs: 60_000,
      // host:pid-random, so an admin can tell which process on which machine holds a job.
      holder: `${os.hostname()}:${process.pid}-${randomUUID().slice(0, 8)}`,
      now: nowSeconds,
      random: Math.random,
      ...options,
    };
  }

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} is already registered`);
    if (job.periodSeconds <= 0 || job.leaseSeconds <= 0 || job.jitterSeconds < 0) throw new Error(`Job ${job.name} has an invalid schedule`);
    this.jobs.set(job.name, job);
  }

  /**
   * Work every tick does after the jobs, in every process (no lease): e.g. taking over a one-time ping a dead
   * process left behind. Errors are swallowed like the jobs' (the next tick tries again).
   */
  everyTick(hook: () => Promise<unknown>): void {
    this.tickHooks.push(hook);
  }

  onRun(listener: JobRunListener): void {
    this.runListeners.push(listener);
  }

  /** The jobs this process runs. */
  definitions(): JobDefinition[] {
    return [...this.jobs.values()];
  }

  /** Starts ticking (the timer does not keep the process alive). */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick().finally(() => {
          if (!this.stopped) loop();
        });
      }, this.options.tickMs);
      this.timer.unref();
    };
    loop();
  }

  /** Stops ticking and waits for a running tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
  }

  /** Runs every due job this process can claim; returns their names. Never rejects. */
  tick(): Promise<string[]> {
    this.ticking ??= (async () => {
      const ran: string[] = [];
      for (const job of this.jobs.values()) {
        if (this.stopped) break;
        try {
          if (await this.runIfDue(job)) ran.push(job.name);
        } catch {
          // The database is unreachable; the next tick tries again.
        }
      }
      for (const hook of this.tickHooks) {
        if (this.stopped) break;
        await hook().catch(() => undefined);
      }
      return ran;
    })().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async runIfDue(job: JobDefinition): Promise<boolean> {
    const { db } = this;
    const now = this.options.now();
    await db
      .insertInto('job_leases')
      .values({
        name: job.name,
        holder: null,
        lease_until: 0,
        last_run_at: null,
        last_error: null,
        next_run_at: now + Math.floor(this.options.random() * job.jitterSeconds),
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const claimed = await db
      .updateTable('job_leases')
      .set({ holder: this.options.holder, lease_until: now + job.leaseSeconds })
      .where('name', '=', job.name)
      .where('next_run_at', '<=', now)
      .where('lease_until', '<=', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;

    let error: string | null = null;
    try {
      await job.run();
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, MAX_ERROR_LENGTH) || 'failed';
    }
    for (const listener of this.runListeners) listener(job.name, error !== null);
    const finished = this.options.now();
    const shift = Math.round((this.options.random() - 0.5) * job.jitterSeconds);
    await db
      .updateTable('job_leases')
      .set({
        holder: null,
        lease_until: 0,
        last_run_at: finished,
        last_error: error,
        next_run_at: finished + Math.max(1, job.periodSeconds + shift),
      })
      .where('name', '=', job.name)
      .where('holder', '=', this.options.holder)
      .execute();
    return true;
  }

  async status(): Promise<JobStatus[]> {
    const rows = await this.db.selectFrom('job_leases').selectAll().orderBy('name').execute();
    return rows.map((r) => ({
      name: r.name,
      holder: r.holder,
      leaseUntil: r.lease_until,
      lastRunAt: r.last_run_at,
      nextRunAt: r.next_run_at,
      lastError: r.last_error,
    }));
  }
}
