import type { ContestAchievement, ContestChange, FieldError } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { ConflictError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { ContestAccess } from './contest-access';
import { ContestDefinitionValidator } from './contest-definition.validator';
import type { ContestDefinitionDto, UpdateContestDto } from './dto/contest-definition.dto';
import { ContestDto } from './dto/contest.dto';
import { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import { LeaderboardService } from './leaderboard.service';
import { ContestParticipantEntity } from './entities/contest-participant.entity';
import { ContestRuleEntity } from './entities/contest-rule.entity';
import { ContestEntity } from './entities/contest.entity';

/** Designing and running contests: create, edit, publish, archive. Scores follow every change. */
@Injectable()
export class ContestsService {
  constructor(
    private readonly transactions: Transactions,
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
    const definition = {
      ...dto,
      timezone: dto.timezone ?? org.timezone,
      mode: dto.mode ?? 'individual',
    };
    await this.validator.validate(definition);
    const principal = RequestContext.principal();
    const id = await this.transactions.run(async (manager) => {
      const contest = await this.contests.withManager(manager).save(
        this.contests.create({
          name: definition.name,
          description: definition.description ?? '',
          startsAt: new Date(definition.startsAt),
          endsAt: new Date(definition.endsAt),
          timezone: definition.timezone,
          mode: definition.mode,
          teamAggregation: definition.teamAggregation ?? 'sum',
          goalPoints: definition.goalPoints == null ? null : String(definition.goalPoints),
          prizes: definition.prizes ?? [],
          achievements: normaliseAchievements(definition.achievements),
          publishedAt: null,
          archivedAt: null,
          createdBy: principal.kind === 'user' ? principal.userId : null,
        }),
      );
      await this.writeChildren(manager, contest.id, definition);
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
      const current = await this.lockForChange(manager, id, { rescore: true });
      const merged: ContestDefinitionDto = {
        ...this.definitionOf(current),
        ...stripUndefined(dto),
      };
      if (current.entity.publishedAt && current.entity.endsAt.getTime() <= Date.now()) {
        const changed = this.validator.changedAfterEnd(this.definitionOf(current), merged);
        if (changed.length > 0) {
          throw new ConflictError(
            `This contest has ended: its ${changed.join(', ')} can no longer change (its name and description can).`,
            'contest_ended',
          );
        }
      }
      const extra: FieldError[] = current.entity.publishedAt
        ? this.validator.publishProblems(merged)
        : [];
      if (dto.mode && dto.mode !== current.entity.mode && dto.participantIds === undefined) {
        extra.push({
          field: 'participantIds',
          messages: ['must be given again when the mode changes'],
        });
      }
      await this.validator.validate(merged, extra, manager);
      const entity = current.entity;
      Object.assign(entity, {
        name: merged.name,
        description: merged.description ?? '',
        startsAt: new Date(merged.startsAt),
        endsAt: new Date(merged.endsAt),
        timezone: merged.timezone,
        mode: merged.mode,
        teamAggregation: merged.teamAggregation ?? 'sum',
        goalPoints: merged.goalPoints == null ? null : String(merged.goalPoints),
        prizes: merged.prizes ?? [],
        achievements: normaliseAchievements(merged.achievements),
      });
      await this.contests.withManager(manager).save(entity);
      await manager.delete(ContestRuleEntity, { contestId: id });
      await manager.delete(ContestMultiplierEntity, { contestId: id });
      await manager.delete(ContestParticipantEntity, { contestId: id });
      await this.writeChildren(manager, id, merged);
      if (entity.publishedAt) await this.scoreKeeper.rescoreContest(manager, entity.orgId, id);
      return !!entity.publishedAt;
    });
    if (published) this.announce(id, 'edited', true);
    return this.get(id);
  }

  async publish(id: string): Promise<ContestDto> {
    await this.transactions.run(async (manager) => {
      const current = await this.lockForChange(manager, id, { rescore: true });
      if (current.entity.publishedAt) throw new ConflictError('This contest is already published.');
      const definition = this.definitionOf(current);
      await this.validator.validate(
        definition,
        this.validator.publishProblems(definition),
        manager,
      );
      current.entity.publishedAt = new Date();
      await this.contests.withManager(manager).save(current.entity);
      await this.scoreKeeper.rescoreContest(manager, current.entity.orgId, id);
      await this.leaderboards.initLiveState(manager, { ...current, entity: current.entity });
    });
    this.announce(id, 'published', true);
    return this.get(id);
  }

  /** Archived contests keep their final scores and leave every live view. */
  async archive(id: string): Promise<ContestDto> {
    await this.transactions.run(async (manager) => {
      const current = await this.lockForChange(manager, id);
      current.entity.archivedAt = new Date();
      await this.contests.withManager(manager).save(current.entity);
    });
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
   * Locks the contest for a change, in ScoreKeeper's lock order: a change that re-scores takes the
   * organisation's exclusive lock before the contest row, never after.
   */
  private async lockForChange(
    manager: EntityManager,
    id: string,
    { rescore = false } = {},
  ): Promise<LoadedContest> {
    if (rescore) await this.scoreKeeper.lockForContestChange(manager, RequestContext.orgId());
    const entity = await this.contests.withManager(manager).getByIdForUpdate(id);
    if (entity.archivedAt)
      throw new ConflictError('This contest is archived and can no longer change.');
    const [loaded] = await this.scoreKeeper.loadContests(manager, entity.orgId, {
      ids: [id],
      anyStatus: true,
    });
    return loaded;
  }

  private definitionOf(contest: LoadedContest): ContestDefinitionDto {
    const dto = ContestDto.from(contest);
    return {
      name: dto.name,
      description: dto.description,
      startsAt: dto.startsAt,
      endsAt: dto.endsAt,
      timezone: dto.timezone,
      mode: dto.mode,
      teamAggregation: dto.teamAggregation,
      participantIds: dto.participantIds,
      rules: dto.rules,
      multipliers: dto.multipliers,
      goalPoints: dto.goalPoints,
      prizes: dto.prizes,
      achievements: dto.achievements,
    };
  }

  private async writeChildren(
    manager: EntityManager,
    contestId: string,
    definition: ContestDefinitionDto,
  ): Promise<void> {
    if (definition.rules.length > 0) {
      await manager.insert(
        ContestRuleEntity,
        definition.rules.map((rule, position) => ({
          contestId,
          activityType: rule.activityType,
          pointsPerUnit: String(rule.pointsPerUnit),
          dailyCap: rule.dailyCap == null ? null : String(rule.dailyCap),
          totalCap: rule.totalCap == null ? null : String(rule.totalCap),
          position,
        })),
      );
    }
    const multipliers = definition.multipliers ?? [];
    if (multipliers.length > 0) {
      await manager.insert(
        ContestMultiplierEntity,
        multipliers.map((window, position) => ({
          contestId,
          startsAt: new Date(window.startsAt),
          endsAt: new Date(window.endsAt),
          factor: String(window.factor),
          activityTypes: window.activityTypes?.length ? window.activityTypes : null,
          position,
        })),
      );
    }
    if (definition.participantIds.length > 0) {
      const team = definition.mode === 'team';
      await manager.insert(
        ContestParticipantEntity,
        definition.participantIds.map((id) => ({
          contestId,
          userId: team ? null : id,
          teamId: team ? id : null,
        })),
      );
    }
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Only the fields each kind uses are kept, so equal definitions compare equal. */
function normaliseAchievements(achievements: ContestAchievement[] = []): ContestAchievement[] {
  return achievements.map((a) =>
    a.kind === 'milestone'
      ? { kind: a.kind, activityType: a.activityType, units: a.units }
      : a.kind === 'streak'
        ? {
            kind: a.kind,
            activityType: a.activityType,
            days: a.days,
            minUnitsPerDay: a.minUnitsPerDay,
          }
        : { kind: a.kind },
  );
}
