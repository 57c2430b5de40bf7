import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CONNECTION_PRESETS, type ConnectionSync } from '@arena/contracts';
import { ConflictError, InvalidInputError } from '../../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../../common/org-scoped.repository';
import { OrgSql } from '../../common/org-sql';
import { RequestContext } from '../../common/request-context';
import { JobQueue } from '../../jobs/job-queue';
import { ConnectionCredentials } from '../connection-credentials';
import { ConnectionDeliveriesService } from '../connection-deliveries.service';
import { ConnectionEntity } from '../entities/connection.entity';
import { HubSpotPuller } from './hubspot-puller';
import { PipedrivePuller } from './pipedrive-puller';
import { SalesforcePuller } from './salesforce-puller';
import { AuthRejected, RateLimited, type Puller, type PullerCursor } from './puller';

export const SYNCS_QUEUE = 'connection-syncs';

/** Kinds Arena reads from the vendor's REST API. */
export const PULL_KINDS = new Set(['hubspot', 'pipedrive', 'salesforce']);

/** A connection of a pull kind with every credential its preset requires. */
export function canPull(connection: Pick<ConnectionEntity, 'kind' | 'credentialNames'>): boolean {
  return (
    PULL_KINDS.has(connection.kind) &&
    CONNECTION_PRESETS[connection.kind].credentials
      .filter((field) => field.required)
      .every((field) => connection.credentialNames.includes(field.name))
  );
}

/** How often a connection is read again after a run (the vendor's changes since then). */
export const SYNC_INTERVAL_MS = 5 * 60_000;
/** How often each instance looks for connections due a run. */
const TICK_MS = 30_000;
/** Pause between two pages of one run: HubSpot's search allows 5 requests a second. */
const PAGE_PAUSE_MS = 250;
/** A 429 asking for at most this long is waited out in the run; longer ends the run. */
const INLINE_WAIT_S = 10;
const INLINE_WAITS = 5;

interface SyncJob {
  orgId: string;
  connectionId: string;
}

/** What a pull connector keeps in `connections.cursor`. */
export interface SyncState {
  objects: Record<string, PullerCursor>;
  /** Per kind of record, the latest modified time read (the backfill's progress). */
  through: Record<string, number>;
  phase: 'backfill' | 'incremental';
  backfillFrom: number;
  recordsRead: number;
  lastRunAt: number | null;
  nextRunAt: number | null;
  rateLimitedUntil: number | null;
  runningSince: number | null;
}

/**
 * Pull connectors: a backfill of `backfillDays` on connect (so the contest preview has history on
 * day one), then every few minutes the records modified since the cursor. Each page is kept as a
 * delivery and processed like a webhook's (exactly once, voids, unmatched owners); the cursor is
 * saved after each page, so a restart resumes where the run was. Runs go through the job queue,
 * one at a time per connection (a `stately` queue keyed by connection).
 */
@Injectable()
export class ConnectionSyncService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ConnectionSyncService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectOrgScoped(ConnectionEntity)
    private readonly connections: OrgScopedRepository<ConnectionEntity>,
    private readonly sql: OrgSql,
    private readonly credentials: ConnectionCredentials,
    private readonly deliveries: ConnectionDeliveriesService,
    private readonly jobs: JobQueue,
  ) {
    jobs.define<SyncJob>({
      name: SYNCS_QUEUE,
      policy: 'stately',
      // Runs of different connections go side by side; one vendor's slow answers hold no other.
      concurrency: 4,
      retryLimit: 3,
      retryDelay: 5,
      handle: async ([job]) => this.run(job.data),
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.queueDue().catch(() => undefined), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Starts a run now (on connect, or the admin's "Sync now"). */
  async syncNow(connectionId: string): Promise<void> {
    const connection = await this.connections.getById(connectionId);
    if (!PULL_KINDS.has(connection.kind))
      throw new InvalidInputError(`${connection.kind} connections are not read from an API.`);
    if (!canPull(connection))
      throw new InvalidInputError('Save the credentials this connection needs first.');
    if (connection.status === 'paused')
      throw new ConflictError('This connection is paused.', 'connection_paused');
    await this.queue(connection.orgId, connection.id);
  }

  /** The sync part of a connection's answer; null for kinds without one. */
  describe(connection: ConnectionEntity): ConnectionSync | null {
    if (!canPull(connection)) return null;
    const state = stateOf(connection);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      phase: state.phase,
      progress: state.phase === 'incremental' ? 1 : progressOf(state, connection, Date.now()),
      backfillFrom: new Date(state.backfillFrom).toISOString(),
      recordsRead: state.recordsRead,
      lastRunAt: iso(state.lastRunAt),
      nextRunAt: iso(state.nextRunAt),
      rateLimitedUntil: iso(state.rateLimitedUntil),
      running: state.runningSince !== null && Date.now() - state.runningSince < 15 * 60_000,
    };
  }

  private async queue(orgId: string, connectionId: string, startAfterSeconds?: number) {
    await this.jobs.send<SyncJob>(SYNCS_QUEUE, { orgId, connectionId }, undefined, {
      singletonKey: connectionId,
      startAfterSeconds,
    });
    if (!startAfterSeconds) this.jobs.wake(SYNCS_QUEUE);
  }

  /** Every active pull connection whose next run is due gets a job (stately: at most one waits). */
  private async queueDue(): Promise<void> {
    // eslint-disable-next-line no-restricted-syntax -- the scheduler spans organisations; each job runs as its own
    const due = await this.sql.unscopedQuery<{ org_id: string; id: string }>(
      `SELECT org_id, id FROM connections
       WHERE kind = ANY($1::varchar[]) AND status = 'active' AND cardinality(credential_names) > 0
         AND coalesce((cursor->>'nextRunAt')::bigint, 0) <= $2`,
      [[...PULL_KINDS], Date.now()],
    );
    for (const row of due) await this.queue(row.org_id, row.id);
  }

  private async run({ orgId, connectionId }: SyncJob): Promise<void> {
    await RequestContext.runAsOrg(orgId, async () => {
      const connection = await this.connections
        .queryBuilder('c')
        .addSelect('c.credentials')
        .andWhere('c.id = :connectionId', { connectionId })
        .getOne();
      if (!connection || connection.status !== 'active' || !canPull(connection)) return;
      const state = stateOf(connection);
      let puller: Puller;
      try {
        puller = this.puller(connection);
      } catch (error) {
        // Credentials this instance cannot open (another SECRETS_KEY): no retry will help.
        await this.sql.query(
          'UPDATE connections SET last_error = $3, last_error_at = now() WHERE org_id = $1 AND id = $2',
          [connection.id, (error as Error).message.slice(0, 1000)],
        );
        return;
      }
      const startedAt = Date.now();
      state.runningSince = startedAt;
      // The tick leaves a connection alone while it runs (its next run is set again at the end).
      state.nextRunAt = startedAt + SYNC_INTERVAL_MS;
      await this.save(connection.id, state);
      try {
        for (const object of puller.objects(connection.mapping)) {
          let cursor = state.objects[object] ?? { since: state.backfillFrom, after: null };
          let waits = 0;
          for (;;) {
            let page;
            try {
              page = await puller.page(object, cursor, connection.mapping);
            } catch (error) {
              if (
                error instanceof RateLimited &&
                error.retryAfterSeconds <= INLINE_WAIT_S &&
                waits < INLINE_WAITS
              ) {
                waits += 1;
                await sleep(error.retryAfterSeconds * 1000);
                continue;
              }
              throw error;
            }
            waits = 0;
            if (page.records > 0) {
              state.recordsRead += page.records;
              await this.deliveries.keepAndProcess(connection, page.body);
            }
            cursor = page.next ?? { since: page.modifiedThrough, after: null };
            state.objects[object] = cursor;
            // Read through the last record's change; through the run's start once a query ends.
            state.through[object] = page.next ? page.modifiedThrough : startedAt;
            await this.save(connection.id, state);
            if (!page.next) break;
            await sleep(PAGE_PAUSE_MS);
          }
        }
        state.phase = 'incremental';
        state.lastRunAt = Date.now();
        state.nextRunAt = state.lastRunAt + SYNC_INTERVAL_MS;
        state.rateLimitedUntil = null;
        await this.sql.query(
          'UPDATE connections SET last_error = NULL, last_error_at = NULL WHERE org_id = $1 AND id = $2',
          [connection.id],
        );
      } catch (error) {
        if (error instanceof RateLimited) {
          // Resumed from the saved cursor once the vendor allows it.
          state.rateLimitedUntil = Date.now() + error.retryAfterSeconds * 1000;
          state.nextRunAt = state.rateLimitedUntil;
          await this.queue(orgId, connection.id, error.retryAfterSeconds);
          return;
        }
        if (error instanceof AuthRejected) {
          state.nextRunAt = Date.now() + SYNC_INTERVAL_MS;
          await this.sql.query(
            'UPDATE connections SET last_error = $3, last_error_at = now() WHERE org_id = $1 AND id = $2',
            [connection.id, error.message.slice(0, 1000)],
          );
          return;
        }
        // Retried soon by the queue (a few times), then at the next interval by the tick; the
        // connection shows the failure meanwhile.
        this.logger.warn(`Sync of connection ${connection.id} failed: ${(error as Error).message}`);
        state.nextRunAt = Date.now() + SYNC_INTERVAL_MS;
        await this.sql.query(
          'UPDATE connections SET last_error = $3, last_error_at = now() WHERE org_id = $1 AND id = $2',
          [connection.id, `${(error as Error).message} (retrying)`.slice(0, 1000)],
        );
        throw error;
      } finally {
        state.runningSince = null;
        await this.save(connection.id, state);
        if (puller.refreshedCredentials) {
          const sealed = this.credentials.seal(puller.refreshedCredentials);
          await this.sql.query(
            'UPDATE connections SET credentials = $3 WHERE org_id = $1 AND id = $2',
            [connection.id, sealed],
          );
        }
      }
    });
  }

  private puller(connection: ConnectionEntity): Puller {
    const credentials = this.credentials.open(connection);
    switch (connection.kind) {
      case 'hubspot':
        return new HubSpotPuller(credentials, connection.settings.apiBaseUrl);
      case 'pipedrive':
        return new PipedrivePuller(credentials, connection.settings.apiBaseUrl);
      case 'salesforce':
        return new SalesforcePuller(credentials, connection.settings.apiBaseUrl);
      default:
        throw new Error(`No puller for ${connection.kind}`);
    }
  }

  private async save(connectionId: string, state: SyncState): Promise<void> {
    await this.sql.query('UPDATE connections SET cursor = $3 WHERE org_id = $1 AND id = $2', [
      connectionId,
      JSON.stringify(state),
    ]);
  }
}

/** The connection's sync state, or a new one starting its backfill. */
export function stateOf(connection: ConnectionEntity): SyncState {
  const kept = connection.cursor as Partial<SyncState>;
  const days = connection.settings.backfillDays ?? 30;
  return {
    objects: kept.objects ?? {},
    through: kept.through ?? {},
    phase: kept.phase ?? 'backfill',
    backfillFrom: kept.backfillFrom ?? connection.createdAt.getTime() - days * 86_400_000,
    recordsRead: kept.recordsRead ?? 0,
    lastRunAt: kept.lastRunAt ?? null,
    nextRunAt: kept.nextRunAt ?? null,
    rateLimitedUntil: kept.rateLimitedUntil ?? null,
    runningSince: kept.runningSince ?? null,
  };
}

/** How far the backfill has read, by modified time, averaged over the kinds it reads. */
function progressOf(state: SyncState, connection: ConnectionEntity, now: number): number {
  const objects = [
    ...new Set(connection.mapping.map((rule) => rule.object).filter((o) => o !== '*')),
  ];
  if (objects.length === 0) return 0;
  const span = Math.max(1, now - state.backfillFrom);
  const parts = objects.map((object) => {
    const through = state.through[object];
    if (through === undefined) return 0;
    return Math.min(1, Math.max(0, (through - state.backfillFrom) / span));
  });
  return Math.round((parts.reduce((a, b) => a + b, 0) / objects.length) * 1000) / 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
