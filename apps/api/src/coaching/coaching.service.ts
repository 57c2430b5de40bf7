import { DEFAULT_BEHAVIOURS, type FieldError } from '@arena/contracts';
import { localDay } from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError, ForbiddenError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ContestEntity } from '../contests/entities/contest.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { UserEntity } from '../users/entities/user.entity';
import {
  ActivityInsightsQueryDto,
  BehaviourDto,
  CreateBehaviourDto,
  CreateCoachingNoteDto,
  UpdateBehaviourDto,
  UpsertAssessmentDto,
  type ActivityInsightsDto,
  type AssessmentComparisonDto,
  type AssessmentDto,
  type CoachingNoteDto,
} from './dto/coaching.dto';
import { AssessmentEntity } from './entities/assessment.entity';
import { BehaviourEntity } from './entities/behaviour.entity';
import { CoachingNoteEntity } from './entities/coaching-note.entity';

/** A new organisation's behaviour list, inside its sign-up transaction. */
export async function insertDefaultBehaviours(
  manager: EntityManager,
  orgId: string,
): Promise<void> {
  await manager.insert(
    BehaviourEntity,
    DEFAULT_BEHAVIOURS.map((behaviour) => ({ ...behaviour, orgId })),
  );
}

const toBehaviourDto = (entity: BehaviourEntity): BehaviourDto => ({
  id: entity.id,
  name: entity.name,
  description: entity.description,
  retiredAt: entity.retiredAt?.toISOString() ?? null,
});

/**
 * Assessments (behaviours rated 1–5 at the start and the end of a contest) and coaching notes.
 * Managers and admins write them; a rep reads only their own.
 */
@Injectable()
export class CoachingService {
  constructor(
    private readonly sql: OrgSql,
    @InjectOrgScoped(BehaviourEntity)
    private readonly behaviours: OrgScopedRepository<BehaviourEntity>,
    @InjectOrgScoped(AssessmentEntity)
    private readonly assessments: OrgScopedRepository<AssessmentEntity>,
    @InjectOrgScoped(CoachingNoteEntity)
    private readonly notes: OrgScopedRepository<CoachingNoteEntity>,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(ContestEntity) private readonly contests: OrgScopedRepository<ContestEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
  ) {}

  async listBehaviours(): Promise<BehaviourDto[]> {
    return (await this.behaviours.find({ order: { createdAt: 'ASC', name: 'ASC' } })).map(
      toBehaviourDto,
    );
  }

  async createBehaviour(dto: CreateBehaviourDto): Promise<BehaviourDto> {
    return toBehaviourDto(
      await this.saveBehaviour(
        this.behaviours.create({
          name: dto.name,
          description: dto.description ?? '',
          retiredAt: null,
        }),
      ),
    );
  }

  async updateBehaviour(id: string, dto: UpdateBehaviourDto): Promise<BehaviourDto> {
    const behaviour = await this.behaviours.getById(id);
    if (dto.name !== undefined) behaviour.name = dto.name;
    if (dto.description !== undefined) behaviour.description = dto.description;
    if (dto.retired !== undefined)
      behaviour.retiredAt = dto.retired ? (behaviour.retiredAt ?? new Date()) : null;
    return toBehaviourDto(await this.saveBehaviour(behaviour));
  }

  /** One assessment per rep, contest and phase: a second one replaces the first. */
  async upsertAssessment(dto: UpsertAssessmentDto): Promise<AssessmentDto> {
    const principal = RequestContext.user();
    const errors: FieldError[] = [];
    const fail = (field: string, message: string) => errors.push({ field, messages: [message] });
    const [user, contest, behaviours] = await Promise.all([
      this.users.findOneBy({ id: dto.userId }),
      this.contests.findOneBy({ id: dto.contestId }),
      this.behaviours.find({ where: { id: In(dto.ratings.map((r) => r.behaviourId)) } }),
    ]);
    if (!user) fail('userId', 'no user with this id in your organisation');
    if (!contest) fail('contestId', 'no contest with this id in your organisation');
    const known = new Map(behaviours.map((b) => [b.id, b]));
    const seen = new Set<string>();
    dto.ratings.forEach((rating, i) => {
      const behaviour = known.get(rating.behaviourId);
      if (!behaviour)
        fail(`ratings.${i}.behaviourId`, 'no behaviour with this id in your organisation');
      else if (behaviour.retiredAt)
        fail(`ratings.${i}.behaviourId`, `"${behaviour.name}" is retired`);
      if (seen.has(rating.behaviourId)) fail(`ratings.${i}.behaviourId`, 'rated twice');
      seen.add(rating.behaviourId);
    });
    if (errors.length > 0) throw new InvalidInputError('Invalid assessment.', errors);
    const ratings = dto.ratings.map((r) => ({
      behaviourId: r.behaviourId,
      rating: r.rating,
      note: r.note ?? '',
    }));
    const [row] = await this.sql.query<{ id: string }>(
      `INSERT INTO assessments (org_id, user_id, contest_id, phase, assessed_by, ratings)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb)
       ON CONFLICT (org_id, user_id, contest_id, phase)
       DO UPDATE SET assessed_by = EXCLUDED.assessed_by, ratings = EXCLUDED.ratings, updated_at = now()
       RETURNING id`,
      [dto.userId, dto.contestId, dto.phase, principal.userId, JSON.stringify(ratings)],
    );
    const [assessment] = await this.assessmentDtos({ id: row.id });
    return assessment;
  }

  async listAssessments(userId: string, contestId?: string): Promise<AssessmentDto[]> {
    this.mayRead(userId, 'assessments');
    return this.assessmentDtos({ userId, ...(contestId ? { contestId } : {}) });
  }

  /** Start and end ratings side by side with the rep's figures over the contest's window. */
  async compare(userId: string, contestId: string): Promise<AssessmentComparisonDto> {
    this.mayRead(userId, 'assessments');
    const [user, contest] = await Promise.all([
      this.users.getById(userId),
      this.contests.getById(contestId),
    ]);
    const assessments = await this.assessments.find({ where: { userId, contestId } });
    const phase = (name: 'start' | 'end') => assessments.find((a) => a.phase === name);
    const ratingsOf = (name: 'start' | 'end') =>
      new Map((phase(name)?.ratings ?? []).map((r) => [r.behaviourId, r]));
    const [start, end] = [ratingsOf('start'), ratingsOf('end')];
    const rated = new Set([...start.keys(), ...end.keys()]);
    const behaviours = (
      await this.behaviours.find({ order: { createdAt: 'ASC', name: 'ASC' } })
    ).filter((b) => !b.retiredAt || rated.has(b.id));
    const figures: Array<{
      key: string;
      label: string;
      category: 'activity' | 'outcome';
      count: number;
      quantity: string;
    }> = await this.sql.query(
      `SELECT t.key, t.label, t.category, count(a.id)::int AS count, coalesce(sum(a.quantity), 0)::text AS quantity
         FROM activity_types t
         LEFT JOIN activities a ON a.activity_type_id = t.id AND a.user_id = $2 AND a.voided_at IS NULL
           AND a.occurred_at >= $3 AND a.occurred_at < $4
         WHERE t.org_id = $1
         GROUP BY t.key, t.label, t.category ORDER BY t.category, t.key`,
      [user.id, contest.startsAt, contest.endsAt],
    );
    return {
      user: { id: user.id, name: user.name },
      contest: {
        id: contest.id,
        name: contest.name,
        startsAt: contest.startsAt.toISOString(),
        endsAt: contest.endsAt.toISOString(),
      },
      behaviours: behaviours.map((b) => {
        const before = start.get(b.id);
        const after = end.get(b.id);
        return {
          behaviour: { id: b.id, name: b.name },
          start: before ? { rating: before.rating, note: before.note } : null,
          end: after ? { rating: after.rating, note: after.note } : null,
          change: before && after ? after.rating - before.rating : null,
        };
      }),
      figures: figures.map((f) => ({
        activityType: f.key,
        label: f.label,
        category: f.category,
        count: f.count,
        quantity: Number(f.quantity),
      })),
    };
  }

  /** A rep's or a team's activities and outcomes per local day: the charts beside coaching. */
  async insights(query: ActivityInsightsQueryDto): Promise<ActivityInsightsDto> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!query.userId === !query.teamId)
      throw InvalidInputError.field('userId', 'give exactly one of userId and teamId');
    if (to <= from) throw InvalidInputError.field('to', 'must be after from');
    if (to.getTime() - from.getTime() > 400 * 86_400_000)
      throw InvalidInputError.field('to', 'a period may span at most 400 days');
    const principal = RequestContext.user();
    if (principal.role === 'rep') {
      const me = await this.users.getById(principal.userId);
      if (query.userId ? query.userId !== me.id : query.teamId !== me.teamId)
        throw new ForbiddenError('Reps can see their own figures and their team’s only.');
    }
    const subject = query.userId
      ? await this.users.findOneBy({ id: query.userId })
      : await this.teams.findOneBy({ id: query.teamId! });
    if (!subject)
      throw InvalidInputError.field(
        query.userId ? 'userId' : 'teamId',
        'not found in your organisation',
      );
    const org = await this.sql.organization();
    const rows: Array<{
      day: string;
      key: string;
      label: string;
      category: 'activity' | 'outcome';
      quantity: string;
    }> = await this.sql.query(
      `SELECT to_char((a.occurred_at AT TIME ZONE $5)::date, 'YYYY-MM-DD') AS day, t.key, t.label, t.category,
                sum(a.quantity)::text AS quantity
         FROM activities a JOIN activity_types t ON t.id = a.activity_type_id
         WHERE a.org_id = $1 AND a.voided_at IS NULL AND a.occurred_at >= $2 AND a.occurred_at < $3
           AND a.user_id IN (SELECT u.id FROM users u WHERE u.org_id = $1 AND (u.id = $4 OR u.team_id = $4))
         GROUP BY 1, t.key, t.label, t.category ORDER BY 1`,
      [from, to, subject.id, org.timezone],
    );
    const days = new Map<string, ActivityInsightsDto['days'][number]>();
    for (let at = from.getTime(); at < to.getTime(); at += 3_600_000) {
      const day = localDay(new Date(at), org.timezone);
      if (!days.has(day)) days.set(day, { day, activities: 0, outcomes: 0, byType: {} });
    }
    const totals = new Map<string, ActivityInsightsDto['totals'][number]>();
    for (const row of rows) {
      const day = days.get(row.day) ?? { day: row.day, activities: 0, outcomes: 0, byType: {} };
      days.set(row.day, day);
      const quantity = Number(row.quantity);
      day.byType[row.key] = quantity;
      if (row.category === 'outcome') day.outcomes += quantity;
      else day.activities += quantity;
      const total = totals.get(row.key) ?? {
        activityType: row.key,
        label: row.label,
        category: row.category,
        quantity: 0,
      };
      total.quantity += quantity;
      totals.set(row.key, total);
    }
    return {
      subject: { kind: query.userId ? 'user' : 'team', id: subject.id, name: subject.name },
      from: from.toISOString(),
      to: to.toISOString(),
      timezone: org.timezone,
      days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
      totals: [...totals.values()],
    };
  }

  async addNote(dto: CreateCoachingNoteDto): Promise<CoachingNoteDto> {
    const principal = RequestContext.user();
    if (!(await this.users.findOneBy({ id: dto.userId })))
      throw InvalidInputError.field('userId', 'no user with this id in your organisation');
    const note = await this.notes.save(
      this.notes.create({ userId: dto.userId, authorId: principal.userId, body: dto.body }),
    );
    return (await this.noteDtos(dto.userId)).find((n) => n.id === note.id)!;
  }

  async listNotes(userId: string): Promise<CoachingNoteDto[]> {
    this.mayRead(userId, 'coaching notes');
    return this.noteDtos(userId);
  }

  private mayRead(userId: string, what: string): void {
    const principal = RequestContext.user();
    if (principal.role === 'rep' && principal.userId !== userId)
      throw new ForbiddenError(`Reps can see their own ${what} only.`);
  }

  private async noteDtos(userId: string): Promise<CoachingNoteDto[]> {
    const notes = await this.notes.find({
      where: { userId },
      relations: { user: true, author: true },
      order: { createdAt: 'DESC' },
    });
    return notes.map((n) => ({
      id: n.id,
      user: { id: n.user!.id, name: n.user!.name },
      author: n.author ? { id: n.author.id, name: n.author.name } : null,
      body: n.body,
      createdAt: n.createdAt.toISOString(),
    }));
  }

  private async assessmentDtos(
    where: Partial<Pick<AssessmentEntity, 'id' | 'userId' | 'contestId'>>,
  ): Promise<AssessmentDto[]> {
    const rows = await this.assessments.find({
      where,
      relations: { user: true, contest: true, assessor: true },
      order: { updatedAt: 'DESC' },
    });
    const names = new Map(
      (await this.behaviours.find({ select: { id: true, name: true } })).map((b) => [b.id, b.name]),
    );
    return rows.map((a) => ({
      id: a.id,
      user: { id: a.user!.id, name: a.user!.name },
      contest: { id: a.contest!.id, name: a.contest!.name },
      phase: a.phase,
      assessedBy: a.assessor ? { id: a.assessor.id, name: a.assessor.name } : null,
      ratings: a.ratings.map((r) => ({ ...r, behaviour: names.get(r.behaviourId) ?? '' })),
      updatedAt: a.updatedAt.toISOString(),
    }));
  }

  private async saveBehaviour(behaviour: BehaviourEntity): Promise<BehaviourEntity> {
    try {
      return await this.behaviours.save(behaviour);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_behaviours_org_name'))
        throw new ConflictError(`A behaviour named "${behaviour.name}" already exists.`);
      throw error;
    }
  }
}
