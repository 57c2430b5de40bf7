import { Injectable, Logger } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- webhooks arrive without a caller: the URL's token names the connection
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { JobQueue } from '../jobs/job-queue';
import { ConnectionCredentials } from './connection-credentials';
import { ConnectionLocks } from './connection-locks';
import type {
  ConnectionDeliveryDetailDto,
  ConnectionDeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  WebhookReceiptDto,
} from './dto/connection.dto';
import { ConnectionDeliveryEntity } from './entities/connection-delivery.entity';
import { ConnectionEntity } from './entities/connection.entity';
import { RecordIntake } from './record-intake';
import { recordsOf, UnreadablePayload } from './record-mapping';
import { hubspotEventTargets } from './sync/hubspot-events';
import { HubSpotPuller } from './sync/hubspot-puller';
import { verifyWebhook, type IncomingWebhook } from './webhook-signatures';

/** The queue deliveries are processed through. */
export const DELIVERIES_QUEUE = 'connection-deliveries';

interface DeliveryJob {
  orgId: string;
  deliveryId: string;
}

/** Kinds whose senders post to Arena (HubSpot's events name records by id: they are read back). */
export const WEBHOOK_KINDS = new Set(['hubspot', 'pipedrive', 'salesforce', 'webhook']);

/**
 * Webhooks in: a payload is verified the way its vendor signs, stored with a job in one
 * transaction (acknowledged only once both are durable), then processed by the job queue — with
 * retries, a dead-letter state shown in the delivery log, and replay.
 */
@Injectable()
export class ConnectionDeliveriesService {
  private readonly logger = new Logger(ConnectionDeliveriesService.name);

  constructor(
    // Unscoped on purpose: the webhook's token is what establishes the organisation.
    @InjectRepository(ConnectionEntity)
    private readonly allConnections: Repository<ConnectionEntity>,
    @InjectOrgScoped(ConnectionEntity)
    private readonly connections: OrgScopedRepository<ConnectionEntity>,
    @InjectOrgScoped(ConnectionDeliveryEntity)
    private readonly deliveries: OrgScopedRepository<ConnectionDeliveryEntity>,
    private readonly transactions: Transactions,
    private readonly sql: OrgSql,
    private readonly credentials: ConnectionCredentials,
    private readonly locks: ConnectionLocks,
    private readonly intake: RecordIntake,
    private readonly jobs: JobQueue,
  ) {
    jobs.define<DeliveryJob>({
      name: DELIVERIES_QUEUE,
      retryLimit: 8,
      retryDelay: 5,
      handle: async ([job]) => this.process(job.data),
      onDead: async (data, error) => this.markDead(data, error),
    });
  }

  /** A webhook: 401 (storing nothing) unless its sender proves itself; then queued, durably. */
  async receive(
    token: string,
    webhook: IncomingWebhook,
    body: unknown,
  ): Promise<WebhookReceiptDto> {
    const connection = /^[A-Za-z0-9_-]{20,64}$/.test(token)
      ? await this.allConnections.findOne({
          where: { webhookToken: token },
          select: { id: true, orgId: true, kind: true, status: true, credentials: true },
        })
      : null;
    if (!connection || !WEBHOOK_KINDS.has(connection.kind)) throw new NotFoundError('Webhook');
    const verdict = verifyWebhook(connection.kind, this.credentials.open(connection), webhook);
    if (!verdict.ok)
      throw new UnauthenticatedError(`Webhook refused: ${verdict.reason}.`, 'bad_signature');
    if (connection.status === 'paused')
      throw new ConflictError(
        'This connection is paused; resume it to receive.',
        'connection_paused',
      );
    return RequestContext.runAsOrg(connection.orgId, async () => {
      const delivery = await this.transactions.run(async (manager) => {
        const saved = await this.deliveries.withManager(manager).save(
          this.deliveries.withManager(manager).create({
            connectionId: connection.id,
            status: 'queued',
            body,
          }),
        );
        await this.sql
          .withManager(manager)
          .query('UPDATE connections SET last_received_at = now() WHERE org_id = $1 AND id = $2', [
            connection.id,
          ]);
        await this.jobs.send<DeliveryJob>(
          DELIVERIES_QUEUE,
          { orgId: connection.orgId, deliveryId: saved.id },
          manager,
        );
        return saved;
      });
      this.jobs.wake(DELIVERIES_QUEUE);
      return { deliveryId: delivery.id };
    });
  }

  async list(connectionId: string, query: DeliveryQueryDto): Promise<DeliveryPageDto> {
    await this.connections.getById(connectionId);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const [rows, total] = await this.deliveries.findAndCount({
      where: { connectionId, ...(query.status ? { status: query.status } : {}) },
      order: { receivedAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items: rows.map(deliveryDto), total, limit, offset };
  }

  async get(connectionId: string, deliveryId: string): Promise<ConnectionDeliveryDetailDto> {
    const row = await this.deliveries
      .queryBuilder('d')
      .addSelect('d.body')
      .andWhere('d.connectionId = :connectionId AND d.id = :deliveryId', {
        connectionId,
        deliveryId,
      })
      .getOne()
      .catch(() => null);
    if (!row) throw new NotFoundError('Delivery');
    return { ...deliveryDto(row), body: row.body };
  }

  /** Processes a delivery again (after fixing the mapping, say): nothing is counted twice. */
  async replay(connectionId: string, deliveryId: string): Promise<ConnectionDeliveryDto> {
    const principal = RequestContext.principal();
    const row = await this.transactions.run(async (manager) => {
      const deliveries = this.deliveries.withManager(manager);
      const found = await deliveries.getByIdForUpdate(deliveryId).catch(() => null);
      if (!found || found.connectionId !== connectionId) throw new NotFoundError('Delivery');
      found.status = 'queued';
      found.error = null;
      await deliveries.save(found);
      await this.jobs.send<DeliveryJob>(
        DELIVERIES_QUEUE,
        { orgId: principal.orgId, deliveryId },
        manager,
      );
      return found;
    });
    this.jobs.wake(DELIVERIES_QUEUE);
    return deliveryDto(row);
  }

  /** The job: read the payload's records, apply the mapping, log what happened. */
  private async process({ orgId, deliveryId }: DeliveryJob): Promise<void> {
    await RequestContext.runAsOrg(orgId, async () => {
      const delivery = await this.deliveries
        .queryBuilder('d')
        .addSelect('d.body')
        .andWhere('d.id = :deliveryId', { deliveryId })
        .getOne();
      if (!delivery) return; // Its connection was deleted.
      const connection = await this.connections.findOneBy({ id: delivery.connectionId });
      if (!connection) return;
      await this.handle(connection, deliveryId, delivery.body);
    });
  }

  /**
   * A page a pull connector read: kept as a delivery (so the log shows it and it can be
   * replayed) and processed now, in the sync's own run. Runs as the connection's organisation.
   */
  async keepAndProcess(connection: ConnectionEntity, body: unknown): Promise<void> {
    const [row] = await this.sql.query<{ id: string }>(
      `INSERT INTO connection_deliveries (org_id, connection_id, status, body)
       VALUES ($1, $2, 'queued', $3) RETURNING id`,
      [connection.id, JSON.stringify(body)],
    );
    await this.sql.query(
      'UPDATE connections SET last_received_at = now() WHERE org_id = $1 AND id = $2',
      [connection.id],
    );
    try {
      await this.handle(connection, row.id, body);
    } catch (error) {
      await this.finish(connection, row.id, {
        status: 'failed',
        error: `Processing failed: ${(error as Error).message}. The sync reads these records again on its next try.`,
      });
      throw error;
    }
  }

  private async handle(
    connection: ConnectionEntity,
    deliveryId: string,
    body: unknown,
  ): Promise<void> {
    await this.sql.query(
      'UPDATE connection_deliveries SET attempts = attempts + 1 WHERE org_id = $1 AND id = $2',
      [deliveryId],
    );
    let records;
    try {
      records = await this.recordsIn(connection, body);
    } catch (error) {
      if (!(error instanceof UnreadablePayload)) throw error;
      await this.finish(connection, deliveryId, {
        status: 'failed',
        error: `The payload cannot be read: ${error.message}.`,
      });
      return;
    }
    try {
      const result = await this.locks.run(connection.id, async () => {
        const { outcomes, ignored, errors } = this.intake.outcomes(connection, records);
        const applied = await this.intake.apply(connection, outcomes);
        return {
          ...applied,
          records: records.length,
          ignored: ignored + applied.ignored,
          errors: [...errors, ...applied.errors],
        };
      });
      await this.finish(connection, deliveryId, {
        status: result.errors.length > 0 ? 'failed' : 'processed',
        error:
          result.errors.length > 0
            ? `${result.errors.length} record${result.errors.length === 1 ? '' : 's'} could not be read: ${result.errors.slice(0, 5).join('; ')}`
            : null,
        records: result.records,
        recorded: result.recorded,
        voided: result.voided,
        unmatched: result.unmatched,
        ignored: result.ignored,
      });
    } catch (error) {
      // Retried by the queue; the log says so meanwhile.
      const message = error instanceof Error ? error.message : String(error);
      await this.sql.query(
        'UPDATE connection_deliveries SET error = $3 WHERE org_id = $1 AND id = $2',
        [deliveryId, `Processing failed, will retry: ${message}`.slice(0, 2000)],
      );
      throw error;
    }
  }

  /** The records a payload holds; a HubSpot webhook's events are read back through its API. */
  private async recordsIn(connection: ConnectionEntity, body: unknown) {
    if (connection.kind !== 'hubspot' || !Array.isArray(body))
      return recordsOf(connection.kind, connection.settings, body);
    const sealed = await this.allConnections.findOne({
      where: { id: connection.id },
      select: { id: true, credentials: true },
    });
    const puller = new HubSpotPuller(
      this.credentials.open(sealed ?? { credentials: null }),
      connection.settings.apiBaseUrl,
    );
    const records = [];
    for (const [object, { ids, deleted }] of hubspotEventTargets(body))
      records.push(
        ...recordsOf(
          'hubspot',
          connection.settings,
          await puller.recordsFor(object, [...ids], deleted, connection.mapping),
        ),
      );
    return records;
  }

  private async finish(
    connection: ConnectionEntity,
    deliveryId: string,
    outcome: {
      status: 'processed' | 'failed';
      error: string | null;
      records?: number;
      recorded?: number;
      voided?: number;
      unmatched?: number;
      ignored?: number;
    },
  ): Promise<void> {
    await this.sql.query(
      `UPDATE connection_deliveries SET status = $3, error = $4, records = $5, recorded = $6,
         voided = $7, unmatched = $8, ignored = $9, processed_at = now()
       WHERE org_id = $1 AND id = $2`,
      [
        deliveryId,
        outcome.status,
        outcome.error?.slice(0, 2000) ?? null,
        outcome.records ?? 0,
        outcome.recorded ?? 0,
        outcome.voided ?? 0,
        outcome.unmatched ?? 0,
        outcome.ignored ?? 0,
      ],
    );
    await this.sql.query(
      outcome.status === 'failed'
        ? 'UPDATE connections SET last_error = $3, last_error_at = now() WHERE org_id = $1 AND id = $2'
        : 'UPDATE connections SET last_scored_at = now() WHERE org_id = $1 AND id = $2',
      outcome.status === 'failed'
        ? [connection.id, outcome.error?.slice(0, 1000) ?? 'failed']
        : [connection.id],
    );
  }

  private async markDead({ orgId, deliveryId }: DeliveryJob, error: string): Promise<void> {
    this.logger.warn(`Delivery ${deliveryId} failed for good: ${error}`);
    await RequestContext.runAsOrg(orgId, async () => {
      const delivery = await this.deliveries.findOneBy({ id: deliveryId });
      if (!delivery || delivery.status !== 'queued') return;
      const connection = await this.connections.findOneBy({ id: delivery.connectionId });
      if (!connection) return;
      await this.finish(connection, deliveryId, {
        status: 'failed',
        error:
          `Processing failed ${delivery.attempts} times: ${error}. Replay it once the cause is fixed.`.slice(
            0,
            2000,
          ),
      });
    });
  }
}

export function deliveryDto(row: ConnectionDeliveryEntity): ConnectionDeliveryDto {
  return {
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    processedAt: row.processedAt?.toISOString() ?? null,
    records: row.records,
    recorded: row.recorded,
    voided: row.voided,
    unmatched: row.unmatched,
    ignored: row.ignored,
  };
}
