import {
  contestDefinitionOf,
  hasEnded,
  type ContestChange,
  type FieldError,
} from '@arena/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { ConflictError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { InstanceCaches } from '../common/instance-cache';
import { Transactions } from '../common/transaction';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { ContestAccess } from './contest-access';
import { ContestDefinitionValidator } from './contest-definition.validator';
import { contestRecordOf, type ContestRecord, type ResolvedDefinition } from './contest-mapping';
import type { ContestDefinitionDto, UpdateContestDto } from './dto/contest-definition.dto';
import { ContestDto } from './dto/contest.dto';
import { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import { LeaderboardService } from './leaderboard.service';
import { ContestParticipantEntity } from './entities/contest-participant.entity';
import { ContestRuleEntity } from './entities/contest-rule.entity';
import { ContestEntity } from './entities/contest.entity';

/** Designing and running contests: create, edit, publish, archive. Scores follow every change. */
/** Boards at least this big have their tables' statistics refreshed right after a re-score. */
const BIG_BOARD = 1_000;

@Injectable()
export class ContestsService {
  private readonly logger = new Logger(ContestsService.name);

  constructor(
    private readonly transactions: Transactions,
    /** Board reads cache contests per instance; this instance drops its copies at each commit. */
    private readonly caches: InstanceCaches,
    @InjectOrgScoped(ContestEntity) private readonly contests: OrgScopedRepository<ContestEntity>,
    private readonly sql: OrgSql,
    private readonly validator: ContestDefinitionValidator,
    private readonly access: ContestAccess,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly leaderboards: LeaderboardService,
    private readonly events: DomainEvents,
  ) {}

  async create(dto: ContestDefinitionDto): Promise<ContestDto> {
    const org = await this.sql.organization();
    const definition: ResolvedDefinition = {
      ...dto,
      timezone: dto.timezone ?? org.timezone,
      mode: dto.mode ?? 'individual',
    };
    await this.validator.validate(definition);
    const record = contestRecordOf(definition);
    const principal = RequestContext.principal();
    const id = await this.transactions.run(async (manager) => {
      const contest = await this.contests.withManager(manager).save(
        this.contests.create({
          ...record.contest,
          publishedAt: null,
          archivedAt: null,
          createdBy: principal.kind === 'user' ? principal.userId : null,
        }),
      );
      await this.writeChildren(manager, contest, record);
      return contest.id;
    });
    return this.get(id);
  }

  async list(): Promise<ContestDto[]> {
    const contests = await this.access.readableContests();
    return contests.map((contest) => ContestDto.from(contest));
  }

  async get(id: string): Promise<ContestDto> {
    return ContestDto.from(await this.access.readable(id));
  }

  /** Editing a published contest re-scores it from the log, as if the rules had always been so. */
  async update(id: string, dto: UpdateContestDto): Promise<ContestDto> {
    const published = await this.transactions.run(async (manager) => {
      const current = await this.lockForChange(manager, id);
      const stored = contestDefinitionOf(ContestDto.from(current));
      const merged: ResolvedDefinition = { ...stored, ...stripUndefined(dto) };
      const extra: FieldError[] = [];
      if (dto.mode && dto.mode !== current.entity.mode && dto.participantIds === undefined) {
        extra.push({
          field: 'participantIds',
          messages: ['must be given again when the mode changes'],
        });
      }
      await this.validator.validate(
        merged,
        {
          published: !!current.entity.publishedAt,
          endedAs: hasEnded(current.entity) ? stored : undefined,
          extra,
        },
        manager,
      );
      const record = contestRecordOf(merged);
      const entity = current.entity;
      Object.assign(entity, record.contest);
      await this.contests.withManager(manager).save(entity);
      await manager.delete(ContestRuleEntity, { contestId: id });
      await manager.delete(ContestMultiplierEntity, { contestId: id });
      await manager.delete(ContestParticipantEntity, { contestId: id });
      await this.writeChildren(manager, entity, record);
      if (entity.publishedAt) await this.scoreKeeper.catalog.bump(manager, entity.orgId);
      return !!entity.publishedAt;
    });
    this.caches.invalidate(`contest:${id}`);
    if (published) {
      await this.rescore(id);
      this.announce(id, 'edited', true);
    }
    return this.get(id);
  }

  async publish(id: string): Promise<ContestDto> {
    await this.transactions.run(async (manager) => {
      const current = await this.lockForChange(manager, id);
      if (current.entity.publishedAt) throw new ConflictError('This contest is already published.');
      await this.validator.validate(
        contestDefinitionOf(ContestDto.from(current)),
        { published: true },
        manager,
      );
      current.entity.publishedAt = new Date();
      await this.contests.withManager(manager).save(current.entity);
      await this.scoreKeeper.catalog.bump(manager, current.entity.orgId);
    });
    this.caches.invalidate(`contest:${id}`);
    await this.rescore(id, { initLiveState: true });
    this.announce(id, 'published', true);
    return this.get(id);
  }

  /** Archived contests keep their final scores and leave every live view. */
  async archive(id: string): Promise<ContestDto> {
    await this.transactions.run(async (manager) => {
      const current = await this.lockForChange(manager, id);
      current.entity.archivedAt = new Date();
      await this.contests.withManager(manager).save(current.entity);
      if (current.entity.publishedAt)
        await this.scoreKeeper.catalog.bump(manager, current.entity.orgId);
    });
    this.caches.invalidate(`contest:${id}`);
    this.announce(id, 'archived', false);
    return this.get(id);
  }

  /** After commit: live views learn of the change, and re-rank when scores changed. */
  private announce(contestId: string, change: ContestChange, scoresChanged: boolean): void {
    const orgId = RequestContext.orgId();
    this.events.publish({ kind: 'contest-changed', orgId, contestId, change });
    if (scoresChanged)
      this.events.publish({ kind: 'scores-changed', orgId, contestIds: [contestId] });
  }

  /**
   * The second step of a change to a published contest: re-scores it from the log in its own
   * transaction, under the contest's exclusive lock only (ScoreKeeper's lock order, step 4) —
   * writers of other contests never wait for it, and activities recorded meanwhile for this
   * contest are either in the log it reads or scored after it, on top of its result. (A crash
   * between the two steps leaves the contest to the next re-score; `verify-scores` shows it.)
   */
  private async rescore(id: string, { initLiveState = false } = {}): Promise<void> {
    const orgId = RequestContext.orgId();
    try {
      await this.transactions.run(async (manager) => {
        await this.scoreKeeper.rescoreContest(manager, orgId, id);
        if (!initLiveState) return;
        const [contest] = await this.scoreKeeper.loadContests(manager, orgId, { ids: [id] });
        if (contest) await this.leaderboards.initLiveState(manager, contest);
      });
    } finally {
      // A build table a failed run left (its builder could not drop it while the transaction
      // held the tables its keys reference), dropped now that nothing of ours holds them.
      await this.scoreKeeper.rescorer
        // eslint-disable-next-line no-restricted-syntax -- the build schema holds no organisation's rows
        .sweepBuilds((sql, params) => this.sql.unscopedQuery(sql, params), id, 1_000)
        .catch((error: unknown) => this.logger.warn(`Sweeping ${id}'s builds: ${String(error)}`));
    }
    await this.refreshBoardStatistics(id);
  }

  /**
   * After a re-score wrote a big board at once, the planner's statistics still describe the
   * standings without it: it would estimate a few dozen rows for the contest, read a page by
   * sorting the whole board (70 ms at 50,000 entries) instead of walking the ordered index
   * (1 ms), and join every write's score updates and the live reads of changed entries by
   * scanning the whole board (~45 ms a statement). Autovacuum's ANALYZE comes later (a minute or more); this does it now, for the two
   * tables a board read uses (a sample of at most 30,000 rows each; reads and writes go on).
   */
  private async refreshBoardStatistics(contestId: string): Promise<void> {
    const [board] = await this.sql.query<{ entries: number }>(
      `SELECT b.entries FROM contest_boards b JOIN contests c ON c.id = b.contest_id
        WHERE c.org_id = $1 AND b.contest_id = $2`,
      [contestId],
    );
    if ((board?.entries ?? 0) < BIG_BOARD) return;
    // eslint-disable-next-line no-restricted-syntax -- statistics are per table, not per organisation
    await this.sql.unscopedQuery('ANALYZE contest_scores, contest_score_lines');
  }

  /**
   * Locks the contest for a change, in ScoreKeeper's lock order: the organisation's exclusive lock
   * (which waits only for in-flight activity writes; the transaction stays short — no re-score
   * in it) before the contest row, never after.
   */
  private async lockForChange(manager: EntityManager, id: string): Promise<LoadedContest> {
    await this.scoreKeeper.lockForContestChange(manager, RequestContext.orgId());
    const entity = await this.contests.withManager(manager).getByIdForUpdate(id);
    if (entity.archivedAt)
      throw new ConflictError('This contest is archived and can no longer change.');
    const [loaded] = await this.scoreKeeper.loadContests(manager, entity.orgId, {
      ids: [id],
      anyStatus: true,
    });
    return loaded;
  }

  /** The contest's rules, multipliers and participants, each carrying the contest's organisation. */
  private async writeChildren(
    manager: EntityManager,
    contest: Pick<ContestEntity, 'id' | 'orgId'>,
    record: ContestRecord,
  ): Promise<void> {
    const rows = <T extends object>(children: T[]) =>
      children.map((child) => ({ ...child, orgId: contest.orgId, contestId: contest.id }));
    if (record.rules.length > 0) await manager.insert(ContestRuleEntity, rows(record.rules));
    if (record.multipliers.length > 0)
      await manager.insert(ContestMultiplierEntity, rows(record.multipliers));
    // Up to 100,000 participants: one statement of two arrays, not 300,000 bind parameters.
    if (record.participants.length > 0) {
      await manager.query(
        `INSERT INTO contest_participants (org_id, contest_id, user_id, team_id)
         SELECT $1::uuid, $2::uuid, * FROM unnest($3::uuid[], $4::uuid[])`,
        [
          contest.orgId,
          contest.id,
          record.participants.map((p) => p.userId),
          record.participants.map((p) => p.teamId),
        ],
      );
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
