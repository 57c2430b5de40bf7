import { randomUUID } from 'node:crypto';
import type { FieldError } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { In, type EntityManager } from 'typeorm';
import { ActivityTypeEntity } from '../activity-types/entities/activity-type.entity';
import { DomainEvents } from '../common/domain-events';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { RequestContext, type Principal } from '../common/request-context';
import { mergeFieldErrors, unsafeInputErrors } from '../common/input-text';
import { OrgSql } from '../common/org-sql';
import { Transactions } from '../common/transaction';
import { invalidInput, toFieldErrors, VALIDATOR_OPTIONS } from '../common/validation';
import type { NewActivityRow } from '../scores/incremental-scorer';
import { ScoreKeeper } from '../scores/score-keeper';
import { competes, NOT_COMPETING } from '../users/competitors';
import { localDay } from '@arena/scoring';
import {
  ActivityDto,
  type ActivityPageDto,
  type ListActivitiesQueryDto,
  type RecordedActivityDto,
  type RecordedBatchDto,
  type VoidActivityDto,
} from './dto/activity.dto';
import { RecordActivitiesBatchDto, type RecordActivityDto } from './dto/record-activity.dto';
import { ActivityEntity } from './entities/activity.entity';
import { fastBatchItems } from './dto/fast-record-activity';
import { GroupCommit, Rejected } from './group-commit';

/** How far in the future an activity may claim to have happened (clock skew between devices). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;
const EARLIEST = Date.parse('2000-01-01T00:00:00Z');

/** Activities without an externalId take no unique-index entry: they can go in any order. */
const compareExternalIds = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/** Batch errors are listed by item index. */
const fieldOrder = (field: string) => Number(field.split('.')[1] ?? 0);

type NewActivity = Omit<ActivityEntity, 'recordedAt' | 'voidedAt' | 'voidedBy' | 'voidReason'> & {
  typeKey: string;
};

/** What resolving needs of a rep: who they are and whether they compete. */
interface KnownUser {
  id: string;
  email: string;
  active: boolean;
  competes: boolean;
}

/** The catalogue entries and reps named by a set of items, read in one statement. */
interface Lookup {
  typeByKey: Map<string, { id: string; key: string; active: boolean; unit: string }>;
  users: { byId: Map<string, KnownUser>; byEmail: Map<string, KnownUser> };
}

/** A single activity waiting for its group: resolved in the group, as its caller. */
interface SingleWrite {
  principal: Principal;
  dto: RecordActivityDto;
}

@Injectable()
export class ActivitiesService {
  /**
   * Single activities of one organisation logged at the same time share one write transaction
   * (group-commit.ts); each request is answered after the commit that holds its activity.
   */
  private readonly singles = new GroupCommit<SingleWrite, RecordedActivityDto>(
    (orgId, writes) => RequestContext.runAsOrg(orgId, () => this.writeSingles(writes)),
    async (orgId, write) => {
      const [result] = await RequestContext.runAsOrg(orgId, () => this.writeSingles([write]));
      if (result instanceof Rejected) throw result.error;
      return result;
    },
  );

  constructor(
    private readonly transactions: Transactions,
    private readonly sql: OrgSql,
    @InjectOrgScoped(ActivityEntity)
    private readonly activities: OrgScopedRepository<ActivityEntity>,
    @InjectOrgScoped(ActivityTypeEntity)
    private readonly types: OrgScopedRepository<ActivityTypeEntity>,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly events: DomainEvents,
  ) {}

  /**
   * A single activity joins the organisation's next group (group-commit.ts): the group looks up
   * the catalogue and the reps of all its items in one statement, refuses the invalid ones each
   * with its own error, and stores the rest in one transaction.
   */
  async record(dto: RecordActivityDto): Promise<RecordedActivityDto> {
    const principal = RequestContext.principal();
    return this.singles.submit(principal.orgId, { principal, dto });
  }

  /** One group of single activities: one lookup, each item resolved alone, one transaction. */
  private async writeSingles(
    writes: SingleWrite[],
  ): Promise<Array<RecordedActivityDto | Rejected>> {
    const lookup = await this.lookup(
      writes.map((write) => write.dto),
      writes.map((write) => write.principal),
    );
    const now = Date.now();
    const resolved = writes.map(({ principal, dto }) => {
      try {
        return this.resolveWith(lookup, principal, now, [{ index: 0, item: dto }], '', [])[0];
      } catch (error) {
        return new Rejected(error);
      }
    });
    const valid = resolved.filter((item): item is NewActivity => !(item instanceof Rejected));
    const stored = valid.length > 0 ? await this.store(valid) : [];
    let next = 0;
    return resolved.map((item) => (item instanceof Rejected ? item : stored[next++]));
  }

  /**
   * All items are validated first — their shape, then the catalogue, the reps and the caller's
   * rights — and any invalid item rejects the whole batch with every bad index named.
   */
  async recordBatch(body: unknown): Promise<RecordedBatchDto> {
    const fast = fastBatchItems(body);
    const { items, shapeErrors } = fast
      ? { items: fast.map((item, index) => ({ index, item })), shapeErrors: [] }
      : await this.validateBatch(body);
    const principal = RequestContext.principal();
    const lookup = await this.lookup(
      items.map(({ item }) => item),
      [principal],
    );
    const activities = this.resolveWith(
      lookup,
      principal,
      Date.now(),
      items,
      'activities.',
      shapeErrors,
    );
    const results = await this.store(activities);
    const duplicates = results.filter((result) => result.duplicate).length;
    return { created: results.length - duplicates, duplicates, activities: results };
  }

  /** The batch body through class-validator: every shape error named, the valid items kept. */
  private async validateBatch(body: unknown): Promise<{
    items: Array<{ index: number; item: RecordActivityDto }>;
    shapeErrors: FieldError[];
  }> {
    const dto = plainToInstance(RecordActivitiesBatchDto, body ?? {});
    const shapeErrors = mergeFieldErrors(
      toFieldErrors(await validate(dto, VALIDATOR_OPTIONS)),
      unsafeInputErrors(body),
    );
    if (shapeErrors.some((error) => !/^activities\.\d+\./.test(error.field)))
      throw invalidInput(shapeErrors);
    const badIndexes = new Set(shapeErrors.map((error) => Number(error.field.split('.')[1])));
    const items = dto.activities
      .map((item, index) => ({ index, item }))
      .filter(({ index }) => !badIndexes.has(index));
    return { items, shapeErrors };
  }

  async void(id: string, dto: VoidActivityDto): Promise<ActivityDto> {
    const principal = RequestContext.principal();
    const { result, contestIds } = await this.transactions.run(async (manager) => {
      const activities = this.activities.withManager(manager);
      // The lock order of ScoreKeeper: the organisation first, then the activity row — locked so
      // that two voids of the same activity cannot both succeed.
      await this.scoreKeeper.lockForActivityWrites(manager, principal.orgId);
      const current = await activities.getByIdForUpdate(id);
      if (principal.kind === 'user' && principal.role === 'rep')
        await this.assertRepMayVoid(manager, current, principal.userId);
      if (current.voidedAt)
        throw new ConflictError('This activity is already voided.', 'already_voided');
      current.voidedAt = new Date();
      current.voidedBy = principal.kind === 'user' ? principal.userId : null;
      current.voidReason = dto.reason;
      await activities.save(current);
      const contestIds = await this.scoreKeeper.onVoided(manager, current);
      const result = ActivityDto.from(current, await this.typeKey(manager, current.activityTypeId));
      return { result, contestIds };
    });
    if (contestIds.length > 0) {
      const changed = Object.fromEntries(contestIds.map((id) => [id, [result.userId]]));
      this.events.publish({ kind: 'scores-changed', orgId: principal.orgId, contestIds, changed });
    }
    return result;
  }

  async list(query: ListActivitiesQueryDto): Promise<ActivityPageDto> {
    const principal = RequestContext.principal();
    let userId = query.userId;
    if (principal.kind === 'user' && principal.role === 'rep') {
      if (userId && userId !== principal.userId)
        throw new ForbiddenError('Reps can read only their own activities.');
      userId = principal.userId;
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const qb = this.activities
      .queryBuilder('a')
      .innerJoin(ActivityTypeEntity, 't', 't.id = a.activityTypeId')
      .addSelect('t.key', 'type_key')
      .orderBy('a.occurredAt', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (userId) qb.andWhere('a.userId = :userId', { userId });
    if (query.type) qb.andWhere('t.key = :type', { type: query.type });
    if (query.from) qb.andWhere('a.occurredAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('a.occurredAt < :to', { to: new Date(query.to) });
    if (query.includeVoided === false) qb.andWhere('a.voidedAt IS NULL');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(limit)
      .offset(offset)
      .getRawAndEntities<{ type_key: string }>();
    return {
      items: entities.map((entity, i) => ActivityDto.from(entity, raw[i].type_key)),
      total,
      limit,
      offset,
    };
  }

  /**
   * The activity types and the active users the items name (and the callers themselves), in one
   * statement (ids and emails as two index lookups: `id = ANY(…) OR email = ANY(…)` scans users).
   */
  private async lookup(items: RecordActivityDto[], principals: Principal[]): Promise<Lookup> {
    const ids = new Set(items.flatMap((item) => (item.userId ? [item.userId] : [])));
    for (const principal of principals) if (principal.kind === 'user') ids.add(principal.userId);
    const emails = [...new Set(items.flatMap((item) => (item.userEmail ? [item.userEmail] : [])))];
    const keys = [...new Set(items.map((item) => item.type))];
    const [row] = await this.sql.query<{
      types: Array<{ id: string; key: string; active: boolean; unit: string }>;
      users: KnownUser[];
    }>(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', t.id, 'key', t.key, 'active', t.active, 'unit', t.unit)), '[]')
            FROM activity_types t WHERE t.org_id = $1 AND t.key = ANY($2::varchar[])) AS types,
         (SELECT coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'active', u.active, 'competes', u.competes)), '[]')
            FROM (SELECT id, email, active, competes FROM users WHERE org_id = $1 AND active AND id = ANY($3::uuid[])
                  UNION
                  SELECT id, email, active, competes FROM users WHERE org_id = $1 AND active AND email = ANY($4::varchar[])) u) AS users`,
      [keys, [...ids], emails],
    );
    return {
      typeByKey: new Map(row.types.map((type) => [type.key, type])),
      users: {
        byId: new Map(row.users.map((user) => [user.id, user])),
        byEmail: new Map(row.users.map((user) => [user.email, user])),
      },
    };
  }

  /**
   * Validates every item against the catalogue, the org's users and the caller's rights; throws
   * (a 400 naming every bad item, or a 403) when one is invalid.
   */
  private resolveWith(
    lookup: Lookup,
    principal: Principal,
    now: number,
    entries: Array<{ index: number; item: RecordActivityDto }>,
    prefix: string,
    earlierErrors: FieldError[],
  ): NewActivity[] {
    const { typeByKey, users } = lookup;
    const errors: FieldError[] = [...earlierErrors];
    const fail = (index: number, field: string, message: string) =>
      errors.push({ field: `${prefix}${prefix ? `${index}.` : ''}${field}`, messages: [message] });

    const resolved = entries.map(({ index, item }): NewActivity | null => {
      const type = typeByKey.get(item.type);
      if (!type) fail(index, 'type', `unknown activity type "${item.type}"`);
      else if (!type.active) fail(index, 'type', `activity type "${item.type}" is retired`);
      else if (type.unit === 'count' && !Number.isInteger(item.quantity)) {
        fail(index, 'quantity', `must be a whole number for ${item.type}`);
      }

      const occurredAt = item.occurredAt ? new Date(item.occurredAt) : new Date(now);
      if (occurredAt.getTime() > now + FUTURE_TOLERANCE_MS)
        fail(index, 'occurredAt', 'may be at most 5 minutes in the future');
      if (occurredAt.getTime() < EARLIEST) fail(index, 'occurredAt', 'must be after 2000-01-01');

      const problem = (field: string, message: string) => fail(index, field, message);
      const user = this.competitor(this.targetUser(item, principal, users, problem), problem);
      if (!type || !user || errors.length > 0) return null;
      return {
        id: randomUUID(),
        orgId: principal.orgId,
        userId: user.id,
        activityTypeId: type.id,
        typeKey: type.key,
        quantity: item.quantity.toFixed(2),
        occurredAt,
        source: item.source ?? (principal.kind === 'api-key' ? 'api' : 'manual'),
        externalId: item.externalId ?? null,
        note: item.note ?? null,
        recordedBy: principal.kind === 'user' ? principal.userId : null,
        apiKeyId: principal.kind === 'api-key' ? principal.apiKeyId : null,
      };
    });
    if (errors.length > 0) {
      errors.sort((a, b) => fieldOrder(a.field) - fieldOrder(b.field));
      const summary = errors
        .map((error) => `${error.field} ${error.messages.join(', ')}`)
        .join('; ');
      throw new InvalidInputError(`Nothing was stored. ${summary}.`, errors);
    }
    return resolved as NewActivity[];
  }

  private targetUser(
    item: RecordActivityDto,
    principal: Principal,
    users: Lookup['users'],
    fail: (field: string, message: string) => void,
  ): KnownUser | null {
    const named = item.userId ?? item.userEmail;
    if (principal.kind === 'user' && principal.role === 'rep') {
      const self = users.byId.get(principal.userId)!;
      if (named && named !== self.id && named !== self.email) {
        throw new ForbiddenError('Reps can log only their own activities.');
      }
      return self;
    }
    if (!named) {
      if (principal.kind === 'user') return users.byId.get(principal.userId) ?? null;
      fail('userId', 'name the rep with userId or userEmail');
      return null;
    }
    const user = item.userId ? users.byId.get(item.userId) : users.byEmail.get(item.userEmail!);
    if (item.userId && item.userEmail && user && user.email !== item.userEmail) {
      fail('userEmail', 'does not match userId');
      return null;
    }
    if (!user)
      fail(
        item.userId ? 'userId' : 'userEmail',
        'no active user with this id or email in your organisation',
      );
    return user ?? null;
  }

  /** Activities are recorded only for users who compete (the one rule, in competitors.ts). */
  private competitor(user: KnownUser | null, fail: (field: string, message: string) => void) {
    if (user && !competes(user)) {
      fail('userId', NOT_COMPETING);
      return null;
    }
    return user;
  }

  /**
   * Stores the new activities and scores them in one transaction: once this returns, every
   * acknowledged activity is counted. A repeated externalId stores and counts nothing again.
   */
  private async store(activities: NewActivity[]): Promise<RecordedActivityDto[]> {
    const { insertedIds, counted, fresh, storedByExternalId, typeKeys } =
      await this.transactions.run(async (manager) => {
        // The lock order of ScoreKeeper: the organisation first; then the rows in externalId order,
        // so two batches sharing externalIds wait for each other's unique-index entries in one order.
        // One statement takes the lock, inserts and finds where each activity counts.
        const rows = [...activities].sort((a, b) => compareExternalIds(a.externalId, b.externalId));
        const { inserted: insertedIds, counted } = await this.scoreKeeper.recordActivities(
          manager,
          rows.map((a): NewActivityRow => ({
            id: a.id,
            orgId: a.orgId,
            userId: a.userId,
            activityTypeId: a.activityTypeId,
            activityType: a.typeKey,
            quantity: a.quantity,
            occurredAt: a.occurredAt,
            source: a.source,
            externalId: a.externalId,
            note: a.note,
            recordedBy: a.recordedBy,
            apiKeyId: a.apiKeyId,
          })),
        );
        const fresh = activities.filter((activity) => insertedIds.has(activity.id));

        const duplicateIds = activities
          .filter((a) => !insertedIds.has(a.id))
          .map((a) => a.externalId!);
        const stored = duplicateIds.length
          ? await this.activities
              .withManager(manager)
              .find({ where: { externalId: In(duplicateIds) } })
          : [];
        const storedByExternalId = new Map(stored.map((row) => [row.externalId!, row]));
        const typeKeys = await this.typeKeys(
          manager,
          stored.map((row) => row.activityTypeId),
        );
        return { insertedIds, counted, fresh, storedByExternalId, typeKeys };
      });
    this.publishRecorded(fresh, counted);
    // The answers are built after the commit: the transaction holds its rows' locks no longer.
    return activities.map((activity): RecordedActivityDto => {
      const recordedAt = insertedIds.get(activity.id);
      if (recordedAt) {
        return {
          ...ActivityDto.from(
            { ...activity, recordedAt, voidedAt: null, voidedBy: null, voidReason: null },
            activity.typeKey,
          ),
          duplicate: false,
        };
      }
      const existing = storedByExternalId.get(activity.externalId!)!;
      return {
        ...ActivityDto.from(existing, typeKeys.get(existing.activityTypeId)!),
        duplicate: true,
      };
    });
  }

  /** After commit: live views learn which scores changed and who did what. */
  private publishRecorded(fresh: NewActivity[], counted: Map<string, string[]>): void {
    if (fresh.length === 0) return;
    const orgId = fresh[0].orgId;
    // Per contest, the reps it changed: a live board then reads just those (and its windows).
    const reps = new Map<string, Set<string>>();
    for (const activity of fresh) {
      for (const contestId of counted.get(activity.id) ?? []) {
        const set = reps.get(contestId) ?? new Set<string>();
        reps.set(contestId, set.add(activity.userId));
      }
    }
    const contestIds = [...reps.keys()];
    const changed = Object.fromEntries([...reps].map(([id, set]) => [id, [...set]]));
    if (contestIds.length > 0)
      this.events.publish({ kind: 'scores-changed', orgId, contestIds, changed });
    this.events.publish({
      kind: 'activities-recorded',
      orgId,
      activities: fresh.map((activity) => ({
        id: activity.id,
        userId: activity.userId,
        activityType: activity.typeKey,
        quantity: activity.quantity,
        occurredAt: activity.occurredAt,
        contestIds: counted.get(activity.id) ?? [],
      })),
    });
  }

  /**
   * A rep may void only an activity they logged themselves (not one a manager, an admin or the CRM
   * logged for them), and only on the local day they logged it (organisation time zone) — the day
   * it was recorded, whenever it occurred. Anything else is their manager's call.
   */
  private async assertRepMayVoid(
    manager: EntityManager,
    activity: ActivityEntity,
    userId: string,
  ): Promise<void> {
    if (activity.userId !== userId || activity.recordedBy !== userId)
      throw new ForbiddenError(
        'Reps can void only activities they logged themselves. Ask your manager to void this one.',
      );
    const org = await this.sql.withManager(manager).organization();
    if (localDay(activity.recordedAt, org.timezone) !== localDay(new Date(), org.timezone)) {
      throw new ForbiddenError(
        'Reps can void an activity only on the day it was logged. Ask your manager.',
      );
    }
  }

  private async typeKey(manager: EntityManager, activityTypeId: string): Promise<string> {
    return (await this.typeKeys(manager, [activityTypeId])).get(activityTypeId)!;
  }

  private async typeKeys(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const types = await this.types
      .withManager(manager)
      .find({ where: { id: In([...new Set(ids)]) } });
    return new Map(types.map((type) => [type.id, type.key]));
  }
}
