import { randomBytes } from 'node:crypto';
import {
  CONNECTION_KINDS,
  CONNECTION_PRESETS,
  type ConnectionHealth,
  type FieldError,
  type MappingRule,
} from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { ConnectionCredentials } from './connection-credentials';
import { WEBHOOK_KINDS } from './connection-deliveries.service';
import { ConnectionLocks } from './connection-locks';
import type {
  ConnectionFreshnessDto,
  ConnectionDto,
  ConnectionPresetDto,
  CreateConnectionDto,
  LinkOwnerDto,
  LinkOwnerResponseDto,
  SavedConnectionDto,
  UnmatchedOwnerDto,
  UpdateConnectionDto,
} from './dto/connection.dto';
import { ConnectionEntity } from './entities/connection.entity';
import { RecordIntake, type Outcome } from './record-intake';
import { ownerKeyOf } from './record-mapping';
import { canPull, ConnectionSyncService, SYNC_INTERVAL_MS } from './sync/connection-sync.service';

/** The queue that scores an owner's kept records once the owner is linked to a rep. */
export const OWNER_LINKED_QUEUE = 'connection-owner-linked';

interface OwnerLinkedJob {
  orgId: string;
  connectionId: string;
  ownerKey: string;
}

/** Kept records scored per round of an owner's catch-up. */
const CATCH_UP_PAGE = 5000;

interface HealthRow {
  id: string;
  queued: number;
  errors_last_day: number;
  records_last_hour: number;
  unmatched: number;
  lag_seconds: number | null;
  typical_gap_seconds: number | null;
  last_status: string | null;
  last_error: string | null;
}

/** Admin → Connections: sources of activities, their mapping, credentials and health. */
@Injectable()
export class ConnectionsService {
  constructor(
    @InjectOrgScoped(ConnectionEntity)
    private readonly connections: OrgScopedRepository<ConnectionEntity>,
    private readonly sql: OrgSql,
    private readonly transactions: Transactions,
    private readonly credentials: ConnectionCredentials,
    private readonly config: AppConfig,
    private readonly locks: ConnectionLocks,
    private readonly intake: RecordIntake,
    private readonly jobs: JobQueue,
    private readonly syncs: ConnectionSyncService,
  ) {
    jobs.define<OwnerLinkedJob>({
      name: OWNER_LINKED_QUEUE,
      retryLimit: 8,
      retryDelay: 5,
      handle: async ([job]) => this.catchUp(job.data),
    });
  }

  presets(): ConnectionPresetDto[] {
    return CONNECTION_KINDS.map((kind) => CONNECTION_PRESETS[kind]);
  }

  async create(dto: CreateConnectionDto, baseUrl: string): Promise<SavedConnectionDto> {
    const preset = CONNECTION_PRESETS[dto.kind];
    const mapping = dto.mapping ?? preset.mapping;
    await this.checkMapping(mapping);
    const { values, generated } = this.withGenerated(dto.kind, {}, dto.credentials ?? {});
    const principal = RequestContext.principal();
    const saved = await this.connections.save(
      this.connections.create({
        name: dto.name,
        kind: dto.kind,
        status: 'active',
        mapping,
        settings: { ...preset.settings, ...(dto.settings ?? {}) },
        credentials: this.credentials.seal(values),
        credentialNames: Object.keys(values).sort(),
        webhookToken: randomBytes(24).toString('base64url'),
        cursor: {},
        createdBy: principal.kind === 'user' ? principal.userId : null,
      }),
    );
    // A pull connector starts with its backfill, so the contest preview has history on day one.
    if (canPull(saved)) await this.syncs.syncNow(saved.id);
    const [described] = await this.describe([saved], baseUrl);
    return { ...described, generatedCredentials: generated };
  }

  async list(baseUrl: string): Promise<ConnectionDto[]> {
    const rows = await this.connections.find({ order: { createdAt: 'ASC' } });
    return this.describe(rows, baseUrl);
  }

  async get(id: string, baseUrl: string): Promise<ConnectionDto> {
    const [dto] = await this.describe([await this.connections.getById(id)], baseUrl);
    return dto;
  }

  async update(id: string, dto: UpdateConnectionDto, baseUrl: string): Promise<SavedConnectionDto> {
    if (dto.mapping) await this.checkMapping(dto.mapping);
    const { saved, generated } = await this.transactions.run(async (manager) => {
      const connections = this.connections.withManager(manager);
      const current = await connections.getByIdForUpdate(id);
      const sealed = await manager
        .createQueryBuilder(ConnectionEntity, 'c')
        .addSelect('c.credentials')
        .where('c.id = :id', { id })
        .getOneOrFail();
      let generated: Record<string, string> = {};
      if (dto.credentials) {
        const merged = this.withGenerated(
          current.kind,
          this.credentials.open(sealed),
          dto.credentials,
        );
        generated = merged.generated;
        current.credentials = this.credentials.seal(merged.values);
        current.credentialNames = Object.keys(merged.values).sort();
      } else {
        current.credentials = sealed.credentials;
      }
      if (dto.name !== undefined) current.name = dto.name;
      if (dto.status !== undefined) current.status = dto.status;
      if (dto.mapping !== undefined) current.mapping = dto.mapping;
      if (dto.settings !== undefined) current.settings = { ...current.settings, ...dto.settings };
      return { saved: await connections.save(current), generated };
    });
    const [described] = await this.describe([saved], baseUrl);
    return { ...described, generatedCredentials: generated };
  }

  /**
   * How fresh the data behind the boards is: each active connection that has delivered (or is
   * read from its CRM), with its state and last record — names and times only.
   */
  async freshness(): Promise<ConnectionFreshnessDto[]> {
    const rows = (await this.connections.find({ order: { createdAt: 'ASC' } })).filter(
      (row) => row.status === 'active' && (row.lastReceivedAt !== null || canPull(row)),
    );
    return (await this.describe(rows, '')).map((connection) => ({
      id: connection.id,
      name: connection.name,
      kind: connection.kind,
      state: connection.health.state,
      asOf: latest(connection.health.lastReceivedAt, connection.sync?.lastRunAt ?? null),
      summary: connection.health.summary,
    }));
  }

  /** Runs the pull connector now (and then every few minutes). */
  async syncNow(id: string): Promise<void> {
    await this.syncs.syncNow(id);
  }

  /** Deletes the connection, its log and its kept records; the activities it recorded stay. */
  async remove(id: string): Promise<void> {
    const connection = await this.connections.getById(id);
    await this.sql.query('DELETE FROM connections WHERE org_id = $1 AND id = $2', [connection.id]);
  }

  async unmatched(id: string): Promise<UnmatchedOwnerDto[]> {
    await this.connections.getById(id);
    const rows = await this.sql.query<{
      owner_key: string | null;
      owner_email: string | null;
      records: number;
      first_at: Date;
      last_at: Date;
      by_type: Array<{ activityType: string; quantity: string; records: number }>;
    }>(
      `SELECT owner_key, max(owner_email) AS owner_email, sum(records)::int AS records,
              min(first_at) AS first_at, max(last_at) AS last_at,
              json_agg(json_build_object('activityType', activity_type, 'quantity', quantity, 'records', records)
                       ORDER BY activity_type) AS by_type
       FROM (SELECT owner_key, max(owner_email) AS owner_email, activity_type,
                    count(*)::int AS records, sum(quantity) AS quantity,
                    min(occurred_at) AS first_at, max(occurred_at) AS last_at
             FROM connection_records
             WHERE org_id = $1 AND connection_id = $2 AND state = 'unmatched'
             GROUP BY owner_key, activity_type) t
       GROUP BY owner_key ORDER BY sum(records) DESC, owner_key LIMIT 500`,
      [id],
    );
    return rows.map((row) => ({
      ownerId: row.owner_key?.startsWith('id:') ? row.owner_key.slice(3) : null,
      ownerEmail: row.owner_key?.startsWith('email:') ? row.owner_key.slice(6) : row.owner_email,
      records: row.records,
      byType: row.by_type.map((type) => ({ ...type, quantity: Number(type.quantity) })),
      firstAt: row.first_at.toISOString(),
      lastAt: row.last_at.toISOString(),
    }));
  }

  /**
   * Links a CRM owner to a rep; their kept records are scored at once by the owner-linked job
   * (back-dated to when they happened, each once).
   */
  async linkOwner(id: string, dto: LinkOwnerDto): Promise<LinkOwnerResponseDto> {
    const connection = await this.connections.getById(id);
    if (!dto.ownerId === !dto.ownerEmail)
      throw new InvalidInputError('Name the CRM owner by ownerId or by ownerEmail (one of them).', [
        { field: 'ownerId', messages: ['give ownerId or ownerEmail'] },
      ]);
    const ownerKey = ownerKeyOf(dto.ownerId?.trim() ?? null, dto.ownerEmail ?? null)!;
    const principal = RequestContext.principal();
    const { link, queued } = await this.transactions.run(async (manager) => {
      const sql = this.sql.withManager(manager);
      const [user] = await sql.query<{ id: string }>(
        'SELECT id FROM users WHERE org_id = $1 AND id = $2 AND active AND competes',
        [dto.userId],
      );
      if (!user)
        throw InvalidInputError.field(
          'userId',
          'no active rep who competes has this id in your organisation',
        );
      const [link] = await sql.query<{ created_at: Date }>(
        `INSERT INTO connection_owner_links (org_id, connection_id, owner_key, user_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id, connection_id, owner_key) DO UPDATE SET user_id = excluded.user_id
         RETURNING created_at`,
        [connection.id, ownerKey, user.id],
      );
      const [{ count }] = await sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM connection_records
         WHERE org_id = $1 AND connection_id = $2 AND state = 'unmatched' AND owner_key = $3`,
        [connection.id, ownerKey],
      );
      await this.jobs.send<OwnerLinkedJob>(
        OWNER_LINKED_QUEUE,
        { orgId: principal.orgId, connectionId: connection.id, ownerKey },
        manager,
      );
      return { link, queued: count };
    });
    this.jobs.wake(OWNER_LINKED_QUEUE);
    return {
      link: {
        ownerId: dto.ownerId?.trim() ?? null,
        ownerEmail: dto.ownerEmail ?? null,
        userId: dto.userId,
        createdAt: link.created_at.toISOString(),
      },
      queued,
    };
  }

  /** The owner-linked job: the owner's kept records, scored now through the intake. */
  private async catchUp({ orgId, connectionId, ownerKey }: OwnerLinkedJob): Promise<void> {
    await RequestContext.runAsOrg(orgId, async () => {
      const connection = await this.connections.findOneBy({ id: connectionId });
      if (!connection) return;
      const label = CONNECTION_PRESETS[connection.kind].label;
      await this.locks.run(connectionId, async () => {
        let after = '';
        for (;;) {
          const rows = await this.sql.query<{
            rule_id: string;
            record_id: string;
            activity_type: string;
            quantity: string;
            occurred_at: Date;
          }>(
            `SELECT rule_id, record_id, activity_type, quantity, occurred_at FROM connection_records
             WHERE org_id = $1 AND connection_id = $2 AND state = 'unmatched' AND owner_key = $3
               AND rule_id || chr(1) || record_id > $4
             ORDER BY rule_id || chr(1) || record_id LIMIT ${CATCH_UP_PAGE}`,
            [connectionId, ownerKey, after],
          );
          if (rows.length === 0) return;
          const outcomes: Outcome[] = rows.map((row) => ({
            kind: 'activity',
            ruleId: row.rule_id,
            recordId: row.record_id,
            name: `${label} ${row.record_id}`,
            activityType: row.activity_type,
            quantity: row.quantity,
            occurredAt: row.occurred_at,
            ownerKey,
            ownerEmail: ownerKey.startsWith('email:') ? ownerKey.slice(6) : null,
            modifiedAt: null,
          }));
          await this.intake.apply(connection, outcomes);
          const last = rows[rows.length - 1];
          after = `${last.rule_id}\u0001${last.record_id}`;
        }
      });
    });
  }

  /** Every rule names an activity type of the organisation that is in use; ids are unique. */
  private async checkMapping(mapping: MappingRule[]): Promise<void> {
    const keys = [...new Set(mapping.map((rule) => rule.activityType))];
    const rows = await this.sql.query<{ key: string; active: boolean }>(
      'SELECT key, active FROM activity_types WHERE org_id = $1 AND key = ANY($2::varchar[])',
      [keys],
    );
    const known = new Map(rows.map((row) => [row.key, row.active]));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    mapping.forEach((rule, index) => {
      if (seen.has(rule.id))
        errors.push({ field: `mapping.${index}.id`, messages: [`"${rule.id}" is used twice`] });
      seen.add(rule.id);
      const active = known.get(rule.activityType);
      if (active === undefined)
        errors.push({
          field: `mapping.${index}.activityType`,
          messages: [`there is no activity type "${rule.activityType}"`],
        });
      else if (!active)
        errors.push({
          field: `mapping.${index}.activityType`,
          messages: [`activity type "${rule.activityType}" is retired`],
        });
      if (!rule.ownerIdField && !rule.ownerEmailField)
        errors.push({
          field: `mapping.${index}.ownerIdField`,
          messages: ['name the owner with ownerIdField or ownerEmailField'],
        });
    });
    if (errors.length > 0)
      throw new InvalidInputError(
        `Nothing was stored. ${errors.map((e) => `${e.field} ${e.messages.join(', ')}`).join('; ')}.`,
        errors,
      );
  }

  /** The credentials after `given`, with the kind's generated ones made up where missing. */
  private withGenerated(
    kind: ConnectionEntity['kind'],
    current: Record<string, string>,
    given: Record<string, string>,
  ) {
    const fields = CONNECTION_PRESETS[kind].credentials;
    const unknown = Object.keys(given).filter((name) => !fields.some((f) => f.name === name));
    if (unknown.length > 0)
      throw new InvalidInputError(
        `Nothing was stored. ${kind} connections take the credentials ${fields.map((f) => f.name).join(', ') || '(none)'}.`,
        unknown.map((name) => ({
          field: `credentials.${name}`,
          messages: [`is not a ${kind} credential`],
        })),
      );
    const values = { ...current, ...given };
    const generated: Record<string, string> = {};
    for (const field of fields)
      if (field.generated && !values[field.name]) {
        values[field.name] = randomBytes(24).toString('base64url');
        generated[field.name] = values[field.name];
      }
    return { values, generated };
  }

  private async describe(rows: ConnectionEntity[], baseUrl: string): Promise<ConnectionDto[]> {
    if (rows.length === 0) return [];
    const health = await this.health(rows.map((row) => row.id));
    const base = this.config.publicUrl ?? baseUrl;
    return rows.map((row) => this.dtoOf(row, base, health.get(row.id)));
  }

  private dtoOf(row: ConnectionEntity, base: string, health: HealthRow | undefined): ConnectionDto {
    const sync = this.syncs.describe(row);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      status: row.status,
      mapping: row.mapping,
      settings: row.settings,
      credentialsSet: row.credentialNames,
      webhookUrl: WEBHOOK_KINDS.has(row.kind) ? `${base}/api/hooks/${row.webhookToken}` : null,
      sync,
      createdAt: row.createdAt.toISOString(),
      health: healthOf(row, health, sync?.lastRunAt ?? null),
    };
  }

  private async health(ids: string[]): Promise<Map<string, HealthRow>> {
    const rows = await this.sql.query<HealthRow>(
      `SELECT c.id,
         (SELECT count(*)::int FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id AND d.status = 'queued') AS queued,
         (SELECT count(*)::int FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id AND d.status = 'failed'
             AND d.received_at > now() - interval '1 day') AS errors_last_day,
         (SELECT coalesce(sum(d.records), 0)::int FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id
             AND d.received_at > now() - interval '1 hour') AS records_last_hour,
         (SELECT count(*)::int FROM connection_records r
           WHERE r.org_id = $1 AND r.connection_id = c.id AND r.state = 'unmatched') AS unmatched,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.processed_at - d.received_at))
            FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id AND d.processed_at IS NOT NULL
             AND d.received_at > now() - interval '1 day') AS lag_seconds,
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)
            FROM (SELECT extract(epoch FROM d.received_at - lag(d.received_at) OVER (ORDER BY d.received_at)) AS gap
                    FROM (SELECT received_at FROM connection_deliveries d
                           WHERE d.org_id = $1 AND d.connection_id = c.id
                           ORDER BY received_at DESC LIMIT 50) d) g
           WHERE gap IS NOT NULL) AS typical_gap_seconds,
         (SELECT d.status FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id AND d.status <> 'queued'
           ORDER BY d.received_at DESC LIMIT 1) AS last_status,
         (SELECT d.error FROM connection_deliveries d
           WHERE d.org_id = $1 AND d.connection_id = c.id AND d.status <> 'queued'
           ORDER BY d.received_at DESC LIMIT 1) AS last_error
       FROM connections c WHERE c.org_id = $1 AND c.id = ANY($2::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}

/** Silent for this many typical gaps (and at least an hour) is stale. */
const STALE_GAPS = 6;

const latest = (a: string | null, b: string | null) =>
  a === null ? b : b === null ? a : Date.parse(a) > Date.parse(b) ? a : b;

/** A pull connector whose last good run is older than this (three missed runs) is stale. */
const PULL_STALE_SECONDS = Math.max(15 * 60, (3 * SYNC_INTERVAL_MS) / 1000);

function healthOf(
  connection: ConnectionEntity,
  row: HealthRow | undefined,
  syncedAt: string | null,
): ConnectionHealth {
  const lastReceivedAt = connection.lastReceivedAt;
  const figures = {
    lastReceivedAt: lastReceivedAt?.toISOString() ?? null,
    lastScoredAt: connection.lastScoredAt?.toISOString() ?? null,
    lagSeconds:
      row?.lag_seconds === null || row?.lag_seconds === undefined
        ? null
        : Math.round(Number(row.lag_seconds) * 10) / 10,
    recordsLastHour: row?.records_last_hour ?? 0,
    errorsLastDay: row?.errors_last_day ?? 0,
    unmatched: row?.unmatched ?? 0,
    queued: row?.queued ?? 0,
  };
  const failedAt = connection.lastErrorAt?.getTime() ?? null;
  if (
    connection.lastError &&
    failedAt !== null &&
    failedAt >= (connection.lastScoredAt?.getTime() ?? 0)
  )
    return { state: 'failing', summary: `Failing: ${connection.lastError}`, ...figures };
  if (row?.last_status === 'failed')
    return {
      state: 'failing',
      summary: `Last delivery failed: ${row.last_error ?? 'unknown error'}`,
      ...figures,
    };
  if (syncedAt) {
    // A pull connector is as fresh as its last good run, whether or not the CRM changed since.
    const sinceRun = (Date.now() - Date.parse(syncedAt)) / 1000;
    const records = lastReceivedAt
      ? `last record ${describeSeconds((Date.now() - lastReceivedAt.getTime()) / 1000)} ago`
      : 'no records yet';
    return sinceRun > PULL_STALE_SECONDS
      ? {
          state: 'stale',
          summary: `Not synced for ${describeSeconds(sinceRun)} (every ${describeSeconds(SYNC_INTERVAL_MS / 1000)} usually) · ${records}`,
          ...figures,
        }
      : {
          state: 'ok',
          summary: `Synced ${describeSeconds(sinceRun)} ago · ${records}`,
          ...figures,
        };
  }
  if (!lastReceivedAt) return { state: 'waiting', summary: 'Nothing received yet', ...figures };
  const silentSeconds = (Date.now() - lastReceivedAt.getTime()) / 1000;
  const typical =
    row?.typical_gap_seconds === null || row?.typical_gap_seconds === undefined
      ? null
      : Number(row.typical_gap_seconds);
  if (typical !== null && silentSeconds > Math.max(3600, STALE_GAPS * typical))
    return {
      state: 'stale',
      summary: `Silent for ${describeSeconds(silentSeconds)} (usually every ${describeSeconds(typical)})`,
      ...figures,
    };
  return { state: 'ok', summary: `Last record ${describeSeconds(silentSeconds)} ago`, ...figures };
}

function describeSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
