import type { FieldError, RecognitionEvent } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  RateLimitedError,
} from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { RequestContext, type UserPrincipal } from '../common/request-context';
import { OrgSql } from '../common/org-sql';
import { Transactions } from '../common/transaction';
import { ContestEntity } from '../contests/entities/contest.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import {
  CreateRecognitionDto,
  RecognitionDto,
  RecognitionPageDto,
  RecognitionQueryDto,
  RetractRecognitionDto,
  TrophyCaseDto,
} from './dto/recognition.dto';
import { BadgeEntity } from './entities/badge.entity';
import { RecognitionEntity } from './entities/recognition.entity';

/** Peer kudos a person may send per hour. */
export const KUDOS_PER_HOUR = 20;
const ADVISORY_NAMESPACE = 7304;
const RELATIONS = {
  badge: true,
  recipientUser: true,
  recipientTeam: true,
  awarder: true,
  contest: true,
  retracter: true,
} as const;

/** Manual recognition (badges and kudos), the feed, trophy cases and retractions. */
@Injectable()
export class RecognitionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sql: OrgSql,
    @InjectOrgScoped(RecognitionEntity)
    private readonly recognitions: OrgScopedRepository<RecognitionEntity>,
    @InjectOrgScoped(BadgeEntity) private readonly badges: OrgScopedRepository<BadgeEntity>,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
    @InjectOrgScoped(ContestEntity) private readonly contests: OrgScopedRepository<ContestEntity>,
    private readonly events: DomainEvents,
  ) {}

  /** A manager or admin awards a badge; anyone sends kudos (no badge) to someone else. */
  async create(dto: CreateRecognitionDto): Promise<RecognitionDto> {
    const principal = RequestContext.user();
    const isKudos = !dto.badgeId;
    if (!isKudos && principal.role === 'rep') {
      throw new ForbiddenError(
        'Only managers and admins award badges. Send kudos instead (leave the badge out).',
      );
    }
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) => errors.push({ field, messages: [message] });
    if (!dto.recipientUserId === !dto.recipientTeamId)
      fail('recipientUserId', 'give exactly one of recipientUserId and recipientTeamId');
    if (dto.recipientUserId === principal.userId)
      fail('recipientUserId', 'you cannot recognise yourself');
    if (isKudos && dto.recipientTeamId) fail('recipientTeamId', 'kudos go to a person');
    if (isKudos && dto.prize) fail('prize', 'kudos carry no prize; award a badge with it');
    const [recipient, team, badge, contest] = await Promise.all([
      dto.recipientUserId ? this.users.findOneBy({ id: dto.recipientUserId, active: true }) : null,
      dto.recipientTeamId ? this.teams.findOneBy({ id: dto.recipientTeamId }) : null,
      dto.badgeId ? this.badges.findOneBy({ id: dto.badgeId }) : null,
      dto.contestId ? this.contests.findOneBy({ id: dto.contestId }) : null,
    ]);
    if (dto.recipientUserId && !recipient)
      fail('recipientUserId', 'no active user with this id in your organisation');
    if (dto.recipientTeamId && !team)
      fail('recipientTeamId', 'no team with this id in your organisation');
    if (dto.badgeId && !badge) fail('badgeId', 'no badge with this id in your organisation');
    if (badge?.retiredAt) fail('badgeId', `the "${badge.name}" badge is retired`);
    if (dto.contestId && !contest)
      fail('contestId', 'no contest with this id in your organisation');
    if (errors.length > 0) throw new InvalidInputError('Invalid recognition.', errors);

    const id = await this.transactions.run(async (manager) => {
      if (isKudos) await this.checkKudosRate(manager, principal);
      const saved = await this.recognitions.withManager(manager).save(
        this.recognitions.create({
          kind: isKudos ? 'kudos' : 'badge',
          badgeId: badge?.id ?? null,
          recipientUserId: recipient?.id ?? null,
          recipientTeamId: team?.id ?? null,
          awardedBy: principal.userId,
          contestId: contest?.id ?? null,
          achievementKind: null,
          achievementKey: null,
          placing: null,
          message: dto.message,
          prize: dto.prize ?? null,
          retractedAt: null,
          retractedBy: null,
          retractionReason: null,
        }),
      );
      return saved.id;
    });
    const [created] = await this.dtos([id]);
    this.publish('awarded', created, !isKudos);
    return created;
  }

  async list(query: RecognitionQueryDto): Promise<RecognitionPageDto> {
    const principal = RequestContext.principal();
    if (
      principal.kind === 'display' &&
      !(query.contestId && principal.contestIds.includes(query.contestId))
    ) {
      throw new ForbiddenError('A display reads the recognitions of a contest on its playlist.');
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const qb = this.recognitions
      .queryBuilder('r')
      .select('r.id')
      .orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(limit)
      .skip(offset);
    if (!query.includeRetracted) qb.andWhere('r.retractedAt IS NULL');
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    if (query.contestId) qb.andWhere('r.contestId = :contestId', { contestId: query.contestId });
    if (query.userId) qb.andWhere('r.recipientUserId = :userId', { userId: query.userId });
    if (query.teamId) {
      qb.andWhere(
        '(r.recipientTeamId = :teamId OR r.recipientUserId IN (SELECT u.id FROM users u WHERE u.team_id = :teamId))',
        { teamId: query.teamId },
      );
    }
    const [rows, total] = await qb.getManyAndCount();
    return { items: await this.dtos(rows.map((row) => row.id)), total, limit, offset };
  }

  /** Retracted by whoever awarded it, or an admin; the row stays in the audit trail. */
  async retract(id: string, dto: RetractRecognitionDto): Promise<RecognitionDto> {
    const principal = RequestContext.user();
    await this.transactions.run(async (manager) => {
      const recognition = await this.recognitions.withManager(manager).getByIdForUpdate(id);
      if (principal.role !== 'admin' && recognition.awardedBy !== principal.userId)
        throw new ForbiddenError('Only whoever awarded it, or an admin, can retract this.');
      if (recognition.retractedAt) throw new ConflictError('This was retracted already.');
      recognition.retractedAt = new Date();
      recognition.retractedBy = principal.userId;
      recognition.retractionReason = dto.reason;
      await manager.save(recognition);
    });
    const [retracted] = await this.dtos([id]);
    this.publish('retracted', retracted, false);
    return retracted;
  }

  async trophyCase(userId: string): Promise<TrophyCaseDto> {
    const user = await this.users.getById(userId);
    const held = await this.recognitions.find({
      where: { recipientUserId: user.id, retractedAt: IsNull() },
      relations: { badge: true },
      order: { createdAt: 'DESC' },
    });
    const badges = new Map<string, TrophyCaseDto['badges'][number]>();
    for (const recognition of held) {
      const badge = recognition.badge;
      if (!badge) continue;
      const entry = badges.get(badge.id) ?? {
        badge: {
          id: badge.id,
          key: badge.key,
          name: badge.name,
          emoji: badge.emoji,
          color: badge.color,
        },
        count: 0,
        lastAwardedAt: recognition.createdAt.toISOString(),
      };
      entry.count++;
      badges.set(badge.id, entry);
    }
    return {
      user: { id: user.id, name: user.name, teamId: user.teamId },
      badges: [...badges.values()],
      kudosReceived: held.filter((recognition) => recognition.kind === 'kudos').length,
      recent: await this.dtos(held.slice(0, 10).map((recognition) => recognition.id)),
    };
  }

  /** Recognitions by id, in that order, as the API shows them (jobs: under `runAsOrg`). */
  async dtos(ids: string[]): Promise<RecognitionDto[]> {
    if (ids.length === 0) return [];
    const rows = await this.recognitions.find({
      where: { id: In(ids) },
      relations: RELATIONS,
    });
    const byId = new Map(rows.map((row) => [row.id, toRecognitionDto(row)]));
    return ids.map((id) => byId.get(id)!).filter(Boolean);
  }

  /** Tells the live module (after commit): the feed, and a screen take-over when asked. */
  publish(
    change: RecognitionEvent['change'],
    recognition: RecognitionDto,
    celebrate: boolean,
  ): void {
    this.events.publish({
      kind: 'recognition',
      orgId: RequestContext.orgId(),
      change,
      recognition,
      celebrate,
    });
  }

  private async checkKudosRate(manager: EntityManager, principal: UserPrincipal): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [
      ADVISORY_NAMESPACE,
      principal.userId,
    ]);
    const [{ count }] = await this.sql.withManager(manager).query<{ count: number }>(
      `SELECT count(*)::int AS count FROM recognitions
       WHERE org_id = $1 AND awarded_by = $2 AND kind = 'kudos' AND created_at > now() - interval '1 hour'`,
      [principal.userId],
    );
    if (count >= KUDOS_PER_HOUR) {
      throw new RateLimitedError(
        `You can send ${KUDOS_PER_HOUR} kudos an hour. Try again a little later.`,
      );
    }
  }
}

export function toRecognitionDto(row: RecognitionEntity): RecognitionDto {
  const person = (user?: UserEntity | null) => (user ? { id: user.id, name: user.name } : null);
  return {
    id: row.id,
    kind: row.kind,
    badge: row.badge
      ? {
          id: row.badge.id,
          key: row.badge.key,
          name: row.badge.name,
          emoji: row.badge.emoji,
          color: row.badge.color,
        }
      : null,
    achievement: row.achievementKind ? { kind: row.achievementKind, placing: row.placing } : null,
    recipient: row.recipientTeam
      ? { id: row.recipientTeam.id, kind: 'team', name: row.recipientTeam.name }
      : { id: row.recipientUser!.id, kind: 'user', name: row.recipientUser!.name },
    awardedBy: person(row.awarder),
    contest: row.contest ? { id: row.contest.id, name: row.contest.name } : null,
    message: row.message,
    prize: row.prize,
    createdAt: row.createdAt.toISOString(),
    retractedAt: row.retractedAt?.toISOString() ?? null,
    retractedBy: person(row.retracter),
    retractionReason: row.retractionReason,
  };
}
