import {
  CONTEST_LIMITS,
  LIVE_MAX_TOP,
  type LeaderboardEntry,
  type ParticipantRef,
} from '@arena/contracts';
import { goalReached, toPointsNumber } from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../common/errors';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ContestAccess } from './contest-access';
import { ContestDefinitionValidator } from './contest-definition.validator';
import type { PreviewContestDto } from './dto/contest-definition.dto';
import type {
  LeaderboardDto,
  LeaderboardQueryDto,
  ParticipantScoreDto,
  PreviewLeaderboardDto,
} from './dto/leaderboard.dto';
import { ContestEntity } from './entities/contest.entity';
import { TeamEntity } from '../teams/entities/team.entity';
import { COMPETES_WHERE } from '../users/competitors';
import { UserEntity } from '../users/entities/user.entity';
import {
  BOARD_INPUTS_COLUMNS,
  breakdownLines,
  buildLeaderboard,
  toBoardInputs,
  type BoardInputs,
  type Roster,
  type UserTotals,
} from '../scores/leaderboard-builder';
import { ScoreKeeper } from '../scores/score-keeper';
import { toLoadedContest, type LoadedContest } from '../scores/scoring-contest';
import { contestRecordOf } from './contest-mapping';
import type { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import type { ContestParticipantEntity } from './entities/contest-participant.entity';
import type { ContestRuleEntity } from './entities/contest-rule.entity';

const MAX_PREVIEW_DAYS = CONTEST_LIMITS.windowDays;

/** Reads leaderboards and explanations from the kept scores; previews designs over the log. */
@Injectable()
export class LeaderboardService {
  constructor(
    private readonly sql: OrgSql,
    private readonly access: ContestAccess,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly validator: ContestDefinitionValidator,
  ) {}

  async leaderboard(contestId: string, query: LeaderboardQueryDto): Promise<LeaderboardDto> {
    const contest = await this.access.readable(contestId);
    const entries = await this.rankedEntries(this.sql.readManager, contest);
    const offset = query.offset ?? 0;
    return {
      contestId: contest.entity.id,
      seq: await this.currentSeq(contest.entity.id),
      entries: entries.slice(offset, offset + (query.limit ?? 100)),
      total: entries.length,
    };
  }

  /** The ranked entries from the kept scores (drafts have none: everyone at 0). */
  async rankedEntries(manager: EntityManager, contest: LoadedContest) {
    const { roster, totals } = await this.keptInputs(manager, contest.entity.id);
    return buildLeaderboard(contest, roster, totals);
  }

  /**
   * One page of the board in board order, and the board's size.
   * Replaced by the standings branch (read from the ordered index); the live path uses only
   * `page`, `around` and `entriesOf`, so the merge swaps the implementation under it.
   */
  async page(
    manager: EntityManager,
    contest: LoadedContest,
    limit: number,
    offset: number,
  ): Promise<{ entries: LeaderboardEntry[]; total: number }> {
    const entries = await this.rankedEntries(manager, contest);
    return { entries: entries.slice(offset, offset + limit), total: entries.length };
  }

  /**
   * The `k` entries above a participant, the participant's own, and the `k` below, in board
   * order; null when the participant is not on the board. Replaced by the standings branch.
   */
  async around(
    manager: EntityManager,
    contest: LoadedContest,
    participantId: string,
    k: number,
  ): Promise<{ entries: LeaderboardEntry[]; total: number } | null> {
    const entries = await this.rankedEntries(manager, contest);
    const at = entries.findIndex((entry) => entry.participant.id === participantId);
    if (at < 0) return null;
    return { entries: entries.slice(Math.max(0, at - k), at + k + 1), total: entries.length };
  }

  /** The entries of those participants that are on the board. Replaced by the standings branch. */
  async entriesOf(
    manager: EntityManager,
    contest: LoadedContest,
    participantIds: string[],
  ): Promise<LeaderboardEntry[]> {
    if (participantIds.length === 0) return [];
    const wanted = new Set(participantIds);
    const entries = await this.rankedEntries(manager, contest);
    return entries.filter((entry) => wanted.has(entry.participant.id));
  }

  /** The kept totals and the current roster of a contest, read in one statement (one snapshot). */
  private async keptInputs(manager: EntityManager, contestId: string): Promise<BoardInputs> {
    const [row] = await manager.query(
      `SELECT ${BOARD_INPUTS_COLUMNS} FROM contests c WHERE c.id = $1`,
      [contestId],
    );
    return toBoardInputs(row);
  }

  /** One participant's score with the explanation of every point ("why do I have 340?"). */
  async participantScore(contestId: string, participantId: string): Promise<ParticipantScoreDto> {
    const contest = await this.access.readable(contestId);
    const manager = this.sql.readManager;
    const { roster, totals } = await this.keptInputs(manager, contest.entity.id);
    const team = contest.entity.mode === 'team' ? roster.teams.get(participantId) : undefined;
    const user = roster.users.get(participantId);
    const participant: ParticipantRef | null = team
      ? { id: team.id, kind: 'team', name: team.name }
      : user && (contest.entity.mode === 'team' || contest.participantSet.has(user.id))
        ? { id: user.id, kind: 'user', name: user.name }
        : null;
    if (!participant) throw new NotFoundError('Participant');

    const principal = RequestContext.principal();
    if (principal.kind === 'user' && principal.role === 'rep') {
      const me = roster.users.get(principal.userId);
      const mine = participant.id === principal.userId || (team && me?.teamId === team.id);
      if (!mine) throw new ForbiddenError('Reps can see the explanation of their own score only.');
    }

    const userIds = team
      ? [...roster.users.values()].filter((u) => u.teamId === team.id).map((u) => u.id)
      : [participant.id];
    const entries = buildLeaderboard(contest, roster, totals);
    const entry = entries.find((e) => e.participant.id === participant.id);
    const explanation: Array<Record<string, string | Date>> = userIds.length
      ? await manager.query(
          `SELECT activity_id, user_id, activity_type, quantity::text, occurred_at, counted_units::text, multiplier::text, points::text
           FROM contest_activity_scores WHERE contest_id = $1 AND user_id = ANY($2::uuid[])
           ORDER BY occurred_at, activity_id`,
          [contest.entity.id, userIds],
        )
      : [];
    const ownTotals = entry ? null : totals.get(participant.id);
    return {
      participant,
      rank: entry?.rank ?? null,
      points: entry?.points ?? toPointsNumber(ownTotals?.points ?? '0'),
      goalReached:
        entry?.goalReached ?? goalReached(ownTotals?.points ?? '0', contest.entity.goalPoints),
      // A team member viewed on their own has no leaderboard entry: their own totals.
      breakdown: entry?.breakdown ?? breakdownLines(contest, ownTotals ? [ownTotals] : [], 1),
      explanation: explanation.map((row) => ({
        activityId: String(row['activity_id']),
        userId: String(row['user_id']),
        activityType: String(row['activity_type']),
        quantity: Number(row['quantity']),
        occurredAt: (row['occurred_at'] as Date).toISOString(),
        countedUnits: Number(row['counted_units']),
        multiplier: Number(row['multiplier']),
        points: toPointsNumber(String(row['points'])),
      })),
    };
  }

  /** The leaderboard a design would have produced over a past period. Stores nothing. */
  async preview(dto: PreviewContestDto): Promise<PreviewLeaderboardDto> {
    const orgId = this.sql.orgId;
    const org = await this.sql.organization();
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    const problems = [];
    if (to <= from) problems.push({ field: 'to', messages: ['must be after from'] });
    else if (to.getTime() - from.getTime() > MAX_PREVIEW_DAYS * 86_400_000) {
      problems.push({
        field: 'to',
        messages: [`a preview may span at most ${MAX_PREVIEW_DAYS} days`],
      });
    }
    const { from: _from, to: _to, ...design } = dto;
    const definition = {
      ...design,
      timezone: dto.timezone ?? org.timezone,
      mode: dto.mode ?? 'individual',
    } as const;
    await this.validator.validate(definition, { extra: problems });
    if (problems.length > 0) throw new InvalidInputError('Invalid preview period.', problems);

    // The design as unsaved rows, scored over [from, to) instead of its own window.
    const record = contestRecordOf(definition);
    const entity = Object.assign(new ContestEntity(), {
      ...record.contest,
      id: '00000000-0000-0000-0000-000000000000',
      orgId,
      startsAt: from,
      endsAt: to,
      seq: '0',
    });
    const contest = toLoadedContest(
      entity,
      record.rules as ContestRuleEntity[],
      record.multipliers as ContestMultiplierEntity[],
      record.participants as ContestParticipantEntity[],
    );
    const manager = this.sql.readManager;
    const scores = await this.scoreKeeper.computeContest(manager, contest);
    const totals = new Map<string, UserTotals>();
    let activitiesConsidered = 0;
    for (const [userId, score] of scores) {
      activitiesConsidered += score.explanation.length;
      totals.set(userId, {
        points: score.points,
        breakdown: new Map(score.breakdown.map((line) => [line.activityType, line])),
      });
    }
    const entries = buildLeaderboard(contest, await this.roster(manager, contest), totals);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      activitiesConsidered,
      entries,
      total: entries.length,
    };
  }

  /**
   * The board a contest is published with: the baseline its first live update is the difference
   * from (its top and size stored with seq 0 unless a baseline exists already; the first live
   * flush compares every kept score with `contest_live_points`).
   */
  async initLiveState(manager: EntityManager, contest: LoadedContest): Promise<void> {
    const { entries, total } = await this.page(manager, contest, LIVE_MAX_TOP, 0);
    await manager.query(
      `INSERT INTO contest_live_states (org_id, contest_id, seq, entries, total) VALUES ($1, $2, 0, $3::jsonb, $4) ON CONFLICT DO NOTHING`,
      [contest.entity.orgId, contest.entity.id, JSON.stringify(entries), total],
    );
  }

  /** The number of the last live update (0 before the first). */
  async currentSeq(contestId: string): Promise<number> {
    const [row] = await this.sql.query<{ seq: string }>(
      `SELECT s.seq FROM contest_live_states s JOIN contests c ON c.id = s.contest_id
       WHERE c.org_id = $1 AND s.contest_id = $2`,
      [contestId],
    );
    return row ? Number(row.seq) : 0;
  }

  /** A design's participants as they are now (previews): competing users, and teams with their competing members. */
  private async roster(manager: EntityManager, contest: LoadedContest): Promise<Roster> {
    const orgId = contest.entity.orgId;
    const ids = contest.participantIds;
    if (ids.length === 0) return { users: new Map(), teams: new Map() };
    if (contest.entity.mode === 'individual') {
      const users = await manager.find(UserEntity, {
        where: { orgId, id: In(ids), ...COMPETES_WHERE },
      });
      return {
        users: new Map(users.map((u) => [u.id, { id: u.id, name: u.name, teamId: u.teamId }])),
        teams: new Map(),
      };
    }
    const teams = await manager.find(TeamEntity, { where: { orgId, id: In(ids) } });
    const members = await manager.find(UserEntity, {
      where: { orgId, teamId: In(ids), ...COMPETES_WHERE },
    });
    return {
      users: new Map(members.map((u) => [u.id, { id: u.id, name: u.name, teamId: u.teamId }])),
      teams: new Map(teams.map((t) => [t.id, { id: t.id, name: t.name }])),
    };
  }
}
