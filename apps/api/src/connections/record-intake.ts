import { CONNECTION_PRESETS, MAX_BATCH_SIZE } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service';
import type { RecordActivityDto } from '../activities/dto/record-activity.dto';
import { ConflictError } from '../common/errors';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { competes } from '../users/competitors';
import type { ConnectionEntity } from './entities/connection.entity';
import type { ConnectionRecordState } from './entities/connection-record.entity';
import {
  externalIdOf,
  fingerprintOf,
  mapRecord,
  ownerKeyOf,
  rulesFor,
  type SourceRecord,
} from './record-mapping';

/** What one rule says one record should count as now. */
export type Outcome =
  | {
      kind: 'activity';
      ruleId: string;
      recordId: string;
      /** e.g. "HubSpot deals 5678", for notes and void reasons. */
      name: string;
      activityType: string;
      quantity: string;
      occurredAt: Date;
      ownerKey: string | null;
      ownerEmail: string | null;
      modifiedAt: Date | null;
    }
  | {
      kind: 'not_matching';
      ruleId: string;
      recordId: string;
      reason: string;
      modifiedAt: Date | null;
    };

/** What an intake did, for the delivery log. */
export interface IntakeResult {
  records: number;
  recorded: number;
  voided: number;
  unmatched: number;
  ignored: number;
  /** Records (or rules) that could not be read, in words; the rest were processed. */
  errors: string[];
}

interface StoredRow {
  rule_id: string;
  record_id: string;
  state: ConnectionRecordState;
  activity_id: string | null;
  fingerprint: string | null;
  owner_key: string | null;
  quantity: string | null;
  occurred_at: Date | null;
  revision: number;
  modified_at: Date | null;
}

interface RowUpdate {
  ruleId: string;
  recordId: string;
  state: ConnectionRecordState;
  activityId: string | null;
  fingerprint: string | null;
  ownerKey: string | null;
  ownerEmail: string | null;
  activityType: string | null;
  quantity: string | null;
  occurredAt: Date | null;
  reason: string | null;
  revision: number;
  modifiedAt: Date | null;
}

/**
 * Turns CRM records into activities, exactly once: each (rule, record) pair keeps what it last
 * counted as (`connection_records`), so a re-sync of the same record changes nothing, a changed
 * record voids its activity (with the reason) and records the corrected one, and a record that
 * stops matching voids it. Records whose owner matches no rep are kept (state `unmatched`) and
 * counted when the owner is linked. Every step is idempotent — activities carry an externalId
 * derived from the record and its content, a void of a voided activity is a no-op — so a job
 * retried after a crash between steps ends in the same state. Callers hold the connection's
 * lock (`ConnectionLocks`): two deliveries about one record never interleave.
 */
@Injectable()
export class RecordIntake {
  constructor(
    private readonly sql: OrgSql,
    private readonly activities: ActivitiesService,
  ) {}

  /** The outcomes of `records` under the connection's mapping; unreadable ones as errors. */
  outcomes(
    connection: ConnectionEntity,
    records: SourceRecord[],
  ): { outcomes: Outcome[]; ignored: number; errors: string[] } {
    const label = CONNECTION_PRESETS[connection.kind].label;
    const byKey = new Map<string, Outcome>();
    const errors: string[] = [];
    let ignored = 0;
    for (const record of records) {
      const rules = rulesFor(connection.mapping, record.object);
      if (rules.length === 0) ignored += 1;
      for (const rule of rules) {
        const mapped = mapRecord(rule, record, label);
        if (mapped.kind === 'unreadable') {
          errors.push(mapped.error);
          continue;
        }
        // A payload naming one record twice: its last state wins, as it would one at a time.
        const key = `${rule.id}\u0000${mapped.recordId}`;
        byKey.delete(key);
        byKey.set(
          key,
          mapped.kind === 'activity'
            ? {
                kind: 'activity',
                ruleId: rule.id,
                recordId: mapped.recordId,
                name: `${label} ${record.object} ${mapped.recordId}`,
                activityType: mapped.activityType,
                quantity: mapped.quantity,
                occurredAt: mapped.occurredAt,
                ownerKey: ownerKeyOf(mapped.ownerId, mapped.ownerEmail),
                ownerEmail: mapped.ownerEmail,
                modifiedAt: record.modifiedAt ?? null,
              }
            : {
                kind: 'not_matching',
                ruleId: rule.id,
                recordId: mapped.recordId,
                reason: mapped.reason,
                modifiedAt: record.modifiedAt ?? null,
              },
        );
      }
    }
    return { outcomes: [...byKey.values()], ignored, errors };
  }

  /** Applies outcomes: records, voids and keeps; answers what it did. Runs as the connection. */
  async apply(connection: ConnectionEntity, outcomes: Outcome[]): Promise<IntakeResult> {
    const result: IntakeResult = {
      records: outcomes.length,
      recorded: 0,
      voided: 0,
      unmatched: 0,
      ignored: 0,
      errors: [],
    };
    if (outcomes.length === 0) return result;
    const [stored, owners, types] = await Promise.all([
      this.storedRows(connection.id, outcomes),
      this.owners(
        connection.id,
        outcomes.flatMap((outcome) => (outcome.kind === 'activity' ? [outcome] : [])),
      ),
      this.activityTypes(outcomes),
    ]);

    const voids: Array<{ activityId: string; reason: string }> = [];
    const writes: Array<{ item: RecordActivityDto; update: RowUpdate }> = [];
    const updates: RowUpdate[] = [];
    for (const outcome of outcomes) {
      const before = stored.get(`${outcome.ruleId}\u0000${outcome.recordId}`);
      if (before?.modified_at && outcome.modifiedAt && outcome.modifiedAt < before.modified_at) {
        result.ignored += 1; // An older copy than the one applied (a replay, a late retry).
        continue;
      }
      const counted = before?.state === 'counted' && before.activity_id ? before : null;
      const modifiedAt = outcome.modifiedAt ?? before?.modified_at ?? null;
      const kept = { revision: before?.revision ?? 0, modifiedAt };
      if (outcome.kind === 'not_matching') {
        if (!before) continue; // It never counted: nothing to keep.
        if (counted) voids.push({ activityId: counted.activity_id!, reason: outcome.reason });
        if (before.state !== 'not_matching' || counted)
          updates.push({
            ...emptyUpdate(outcome.ruleId, outcome.recordId),
            ...kept,
            state: 'not_matching',
            reason: outcome.reason,
          });
        continue;
      }
      const type = types.get(outcome.activityType);
      const problem = !type
        ? `there is no activity type "${outcome.activityType}"`
        : !type.active
          ? `activity type "${outcome.activityType}" is retired`
          : type.unit === 'count' && !/\.00$/.test(outcome.quantity)
            ? `${outcome.activityType} counts whole numbers, got ${outcome.quantity}`
            : null;
      if (problem) {
        result.errors.push(`${outcome.name}: ${problem}`);
        continue;
      }
      const userId = (outcome.ownerKey && owners.get(outcome.ownerKey)) ?? null;
      const base = {
        ruleId: outcome.ruleId,
        recordId: outcome.recordId,
        ownerKey: outcome.ownerKey,
        ownerEmail: outcome.ownerEmail,
        activityType: outcome.activityType,
        quantity: outcome.quantity,
        occurredAt: outcome.occurredAt,
      };
      if (!userId) {
        if (counted)
          voids.push({
            activityId: counted.activity_id!,
            reason: `${outcome.name}: its owner (${outcome.ownerKey ?? 'none'}) matches no rep now`,
          });
        result.unmatched += 1;
        updates.push({
          ...base,
          ...kept,
          state: 'unmatched',
          activityId: null,
          fingerprint: null,
          reason: null,
        });
        continue;
      }
      const fingerprint = fingerprintOf(
        outcome.activityType,
        outcome.quantity,
        outcome.occurredAt,
        userId,
      );
      if (counted && counted.fingerprint === fingerprint) continue; // Unchanged: a re-sync.
      // Deterministic, so a retry after a crash between the steps makes the same activity.
      const revision = before ? before.revision + 1 : 0;
      if (counted)
        voids.push({
          activityId: counted.activity_id!,
          reason: `${outcome.name} changed (${changes(counted, outcome)}): the corrected activity replaces this one`,
        });
      writes.push({
        item: {
          type: outcome.activityType,
          quantity: Number(outcome.quantity),
          occurredAt: outcome.occurredAt.toISOString(),
          userId,
          externalId: externalIdOf(
            connection.id,
            outcome.ruleId,
            outcome.recordId,
            revision,
            fingerprint,
          ),
          note: `From ${connection.name}: ${outcome.name}`.slice(0, 500),
          source: connection.kind === 'csv' ? 'import' : 'webhook',
        } as RecordActivityDto,
        update: {
          ...base,
          state: 'counted',
          activityId: null,
          fingerprint,
          reason: null,
          revision,
          modifiedAt,
        },
      });
    }

    await this.asConnection(connection, async () => {
      for (const { activityId, reason } of voids) {
        try {
          await this.activities.void(activityId, { reason: reason.slice(0, 500) });
          result.voided += 1;
        } catch (error) {
          // Voided already: by a manager, or by this same intake before a retry.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      for (let start = 0; start < writes.length; start += MAX_BATCH_SIZE) {
        const chunk = writes.slice(start, start + MAX_BATCH_SIZE);
        const answer = await this.activities.recordBatch({
          activities: chunk.map((write) => write.item),
        });
        answer.activities.forEach((activity, index) => {
          chunk[index].update.activityId = activity.id;
          if (!activity.duplicate) result.recorded += 1;
        });
        updates.push(...chunk.map((write) => write.update));
      }
    });
    await this.saveRows(connection.id, updates);
    return result;
  }

  /** Runs `work` with the connection as the principal: it may name any rep of its organisation. */
  private asConnection<T>(connection: ConnectionEntity, work: () => Promise<T>): Promise<T> {
    return RequestContext.run(work, {
      kind: 'connection',
      connectionId: connection.id,
      orgId: connection.orgId,
      role: 'connection',
    });
  }

  private async storedRows(connectionId: string, outcomes: Outcome[]) {
    const rows = await this.sql.query<StoredRow>(
      `SELECT r.rule_id, r.record_id, r.state, r.activity_id, r.fingerprint, r.owner_key, r.quantity,
              r.occurred_at, r.revision, r.modified_at
       FROM connection_records r
       JOIN unnest($3::varchar[], $4::varchar[]) AS k(rule_id, record_id)
         ON k.rule_id = r.rule_id AND k.record_id = r.record_id
       WHERE r.org_id = $1 AND r.connection_id = $2`,
      [connectionId, outcomes.map((o) => o.ruleId), outcomes.map((o) => o.recordId)],
    );
    return new Map(rows.map((row) => [`${row.rule_id}\u0000${row.record_id}`, row]));
  }

  /**
   * The rep each owner key names: an admin's link first (by CRM id, or by email), then a rep
   * with that email. Only reps who are active and compete count. Keyed by owner key (records
   * without one match nobody).
   */
  async owners(
    connectionId: string,
    named: Array<{ ownerKey: string | null; ownerEmail: string | null }>,
  ): Promise<Map<string, string>> {
    const keys = new Set<string>();
    const emails = new Set<string>();
    for (const outcome of named) {
      if (!outcome.ownerKey) continue;
      keys.add(outcome.ownerKey);
      if (outcome.ownerEmail) {
        keys.add(`email:${outcome.ownerEmail}`);
        emails.add(outcome.ownerEmail);
      }
    }
    if (keys.size === 0) return new Map();
    const rows = await this.sql.query<{
      via: 'link' | 'email';
      owner_key: string;
      user_id: string;
      active: boolean;
      competes: boolean;
    }>(
      `SELECT 'link' AS via, l.owner_key, u.id AS user_id, u.active, u.competes
       FROM connection_owner_links l JOIN users u ON u.org_id = l.org_id AND u.id = l.user_id
       WHERE l.org_id = $1 AND l.connection_id = $2 AND l.owner_key = ANY($3::varchar[])
       UNION ALL
       SELECT 'email', 'email:' || u.email, u.id, u.active, u.competes
       FROM users u WHERE u.org_id = $1 AND u.email = ANY($4::varchar[])`,
      [connectionId, [...keys], [...emails]],
    );
    const linked = new Map<string, string>();
    const byEmail = new Map<string, string>();
    for (const row of rows) {
      if (!competes(row)) continue;
      (row.via === 'link' ? linked : byEmail).set(row.owner_key, row.user_id);
    }
    const resolved = new Map<string, string>();
    for (const outcome of named) {
      if (!outcome.ownerKey) continue;
      const email = outcome.ownerEmail ? `email:${outcome.ownerEmail}` : null;
      const user =
        linked.get(outcome.ownerKey) ??
        (email ? (linked.get(email) ?? byEmail.get(email)) : undefined);
      if (user) resolved.set(outcome.ownerKey, user);
    }
    return resolved;
  }

  private async activityTypes(outcomes: Outcome[]) {
    const keys = [
      ...new Set(outcomes.flatMap((o) => (o.kind === 'activity' ? [o.activityType] : []))),
    ];
    if (keys.length === 0) return new Map<string, { active: boolean; unit: string }>();
    const rows = await this.sql.query<{ key: string; active: boolean; unit: string }>(
      `SELECT key, active, unit FROM activity_types WHERE org_id = $1 AND key = ANY($2::varchar[])`,
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row]));
  }

  private async saveRows(connectionId: string, updates: RowUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const column = <K extends keyof RowUpdate>(key: K) => updates.map((update) => update[key]);
    await this.sql.query(
      `INSERT INTO connection_records
         (org_id, connection_id, rule_id, record_id, state, activity_id, fingerprint, owner_key,
          activity_type, quantity, occurred_at, reason, revision, modified_at, owner_email,
          updated_at)
       SELECT $1, $2, u.*, now()
       FROM unnest($3::varchar[], $4::varchar[], $5::varchar[], $6::uuid[], $7::varchar[],
                   $8::varchar[], $9::varchar[], $10::numeric[], $11::timestamptz[], $12::varchar[],
                   $13::int[], $14::timestamptz[], $15::varchar[])
         AS u(rule_id, record_id, state, activity_id, fingerprint, owner_key, activity_type,
              quantity, occurred_at, reason, revision, modified_at, owner_email)
       ON CONFLICT (org_id, connection_id, rule_id, record_id) DO UPDATE SET
         state = excluded.state, activity_id = excluded.activity_id,
         fingerprint = excluded.fingerprint, owner_key = excluded.owner_key,
         activity_type = excluded.activity_type, quantity = excluded.quantity,
         occurred_at = excluded.occurred_at, reason = excluded.reason,
         revision = excluded.revision, modified_at = excluded.modified_at,
         owner_email = excluded.owner_email, updated_at = now()`,
      [
        connectionId,
        column('ruleId'),
        column('recordId'),
        column('state'),
        column('activityId'),
        column('fingerprint'),
        column('ownerKey'),
        column('activityType'),
        column('quantity'),
        column('occurredAt'),
        column('reason'),
        column('revision'),
        column('modifiedAt'),
        column('ownerEmail'),
      ],
    );
  }
}

const emptyUpdate = (ruleId: string, recordId: string): RowUpdate => ({
  ruleId,
  recordId,
  state: 'not_matching',
  activityId: null,
  fingerprint: null,
  ownerKey: null,
  ownerEmail: null,
  activityType: null,
  quantity: null,
  occurredAt: null,
  reason: null,
  revision: 0,
  modifiedAt: null,
});

/** What changed between the counted activity and the record now, in words. */
function changes(before: StoredRow, now: Extract<Outcome, { kind: 'activity' }>): string {
  const what: string[] = [];
  if (before.owner_key !== now.ownerKey) what.push('owner');
  if (before.occurred_at && before.occurred_at.getTime() !== now.occurredAt.getTime())
    what.push('time');
  if (before.quantity !== null && Number(before.quantity) !== Number(now.quantity))
    what.push(`quantity ${Number(before.quantity)} → ${Number(now.quantity)}`);
  return what.length > 0 ? what.join(', ') : 'its rep';
}
