import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the queue shares the application's pool
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import PgBoss from 'pg-boss';
// eslint-disable-next-line no-restricted-imports -- see above
import type { DataSource, EntityManager } from 'typeorm';
import { JOB_SCHEMA } from '../database/migrations/1796530000000-job-queue';

/** How a queue retries: pg-boss's own options, declared once beside its handler. */
export interface QueueDefinition<T extends object> {
  name: string;
  /** Runs of a failing job after the first; then it moves to `<name>-dead`. */
  retryLimit: number;
  /** Seconds before the first retry; doubled each time with `retryBackoff`. */
  retryDelay: number;
  /** Jobs fetched per poll and handed to one call of `handle`. */
  batchSize?: number;
  /** Workers of this queue per instance (each handles one batch at a time); 1 by default. */
  concurrency?: number;
  /**
   * pg-boss's queue policy; `stately` keeps at most one queued and one running job per
   * `singletonKey` (a connection's sync), whatever the number of instances.
   */
  policy?: 'standard' | 'stately';
  /**
   * One call per batch of jobs; a throw fails (and retries) every job of the batch. A job the
   * handler has dealt with for good, even by giving up on it, must return normally.
   */
  handle(jobs: Array<{ id: string; data: T }>): Promise<void>;
  /** Called when a job has failed its last run (it is in the dead-letter queue). */
  onDead?(data: T, error: string): Promise<void>;
}

/** Advisory lock serialising queue creation across instances. */
const QUEUE_CREATION_LOCK = 7320;

/** How often an idle worker polls (a local send wakes it at once). */
const POLL_SECONDS = 1;

/**
 * The one durable job queue (pg-boss on the application's PostgreSQL pool), for work that must
 * survive a restart: processing received webhooks, syncs, imports. A job sent with a transaction's
 * `manager` is inserted in that transaction — it exists if and only if the change that caused it
 * committed. Handlers run on every instance; pg-boss hands each job to one of them.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, QueueDefinition<object>>();
  private readonly workers = new Map<string, string[]>();
  private started = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    // pg's own results (`rows`), as pg-boss reads them: TypeORM's `query` answers UPDATE … RETURNING
    // as [rows, count].
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: JOB_SCHEMA,
      // The schema is a migration's (1796530000000-job-queue); cron schedules are not used.
      migrate: false,
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: 120,
    });
    this.boss.on('error', (error) => this.logger.warn(`Job queue: ${error.message}`));
  }

  /** Declares a queue and its handler; called by feature services in their constructors. */
  define<T extends object>(queue: QueueDefinition<T>): void {
    if (this.started) throw new Error(`Queue ${queue.name} defined after the queue started`);
    this.queues.set(queue.name, queue as unknown as QueueDefinition<object>);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.createQueues();
    for (const queue of this.queues.values()) {
      for (let worker = 0; worker < (queue.concurrency ?? 1); worker++) {
        const id = await this.boss.work<object>(
          queue.name,
          { batchSize: queue.batchSize ?? 1, pollingIntervalSeconds: POLL_SECONDS },
          (jobs) => queue.handle(jobs),
        );
        this.workers.set(queue.name, [...(this.workers.get(queue.name) ?? []), id]);
      }
      if (queue.onDead) {
        const onDead = queue.onDead.bind(queue);
        await this.boss.work<object>(
          `${queue.name}-dead`,
          { pollingIntervalSeconds: 5, includeMetadata: true },
          async (jobs) => {
            for (const job of jobs) await onDead(job.data, describeOutput(job.output));
          },
        );
      }
    }
  }

  /**
   * Creates the queues that do not exist yet, one instance at a time: pg-boss's `create_queue`
   * adds a partition to its job table (DDL), and instances booting together on a new database
   * deadlocked doing it side by side.
   */
  private async createQueues(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [QUEUE_CREATION_LOCK]);
      try {
        const rows: Array<{ name: string }> = await runner.query(
          `SELECT name FROM ${JOB_SCHEMA}.queue`,
        );
        const existing = new Set(rows.map((row) => row.name));
        for (const queue of this.queues.values()) {
          const dead = `${queue.name}-dead`;
          const wanted: Array<[string, Record<string, unknown>]> = [
            [dead, { policy: 'standard', retentionMinutes: 60 * 24 * 14 }],
            [
              queue.name,
              {
                policy: queue.policy ?? 'standard',
                retryLimit: queue.retryLimit,
                retryDelay: queue.retryDelay,
                retryBackoff: true,
                deadLetter: dead,
              },
            ],
          ];
          for (const [name, options] of wanted)
            if (!existing.has(name))
              await runner.query(`SELECT ${JOB_SCHEMA}.create_queue($1, $2)`, [
                name,
                JSON.stringify(options),
              ]);
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [QUEUE_CREATION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // A job still running when the timeout passes is marked failed, and retried by an instance.
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
  }

  /**
   * Queues a job; with `manager`, inside that transaction (call `wake` after the commit: a job
   * sent in a transaction becomes visible then). With a `singletonKey` on a stately queue, a job
   * already waiting for that key stands for this one (null is answered).
   */
  async send<T extends object>(
    name: string,
    data: T,
    manager?: EntityManager,
    options: { singletonKey?: string; startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    if (!this.queues.has(name)) throw new Error(`Unknown queue ${name}`);
    const runner = manager?.queryRunner;
    if (manager && !runner) throw new Error('send needs a transaction manager');
    const sendOptions: PgBoss.SendOptions = {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    };
    // pg's own result shape (`rows`), as pg-boss reads it, from the transaction's connection.
    const connection: PgBoss.SendOptions = runner
      ? {
          db: {
            executeSql: async (text, values) => ({
              rows: (await runner.query(text, values, true)).records,
            }),
          },
        }
      : {};
    const id = await this.boss.send(name, data, { ...sendOptions, ...connection });
    // A stately queue answers null when the key already has a job waiting: that one will do.
    if (!id && !options.singletonKey) throw new Error(`Queue ${name} did not accept the job`);
    return id;
  }

  /** Wakes this instance's worker for `name` now (after the commit of a job sent in a transaction). */
  wake(name: string): void {
    for (const worker of this.workers.get(name) ?? []) this.boss.notifyWorker(worker);
  }
}

/** pg-boss stores a failed job's error as its output (`{ message, stack }` or a value). */
function describeOutput(output: unknown): string {
  if (output && typeof output === 'object' && 'message' in output)
    return String((output as { message: unknown }).message);
  return output === undefined || output === null ? 'failed' : JSON.stringify(output);
}
