import {
  CONTEST_LIMITS,
  LIVE_MAX_TOP,
  type LeaderboardEntry,
  type ParticipantRef,
} from '@arena/contracts';
import { goalReached, toPointsNumber } from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import { Raw, type EntityManager } from 'typeorm';
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
  draftBoard,
  standingsAround,
  standingsOf,
  standingsPage,
  standingWith,
  type BoardSlice,
} from '../scores/standings';
import {
  BOARD_INPUTS_COLUMNS,
  breakdownLines,
  buildLeaderboard,
  toBoardInputs,
  type BoardInputs,
  type Roster,
  type UserTotals,
} from '../scores/leaderboard-builder';
import { BoardCounts } from '../scores/board-counts';
import { ScoreKeeper } from '../scores/score-keeper';
import { toLoadedContest, type LoadedContest } from '../scores/scoring-contest';
import { contestRecordOf } from './contest-mapping';
import type { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import type { ContestParticipantEntity } from './entities/contest-participant.entity';
import type { ContestRuleEntity } from './entities/contest-rule.entity';

const MAX_PREVIEW_DAYS = CONTEST_LIMITS.windowDays;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An explanation line as read: activity, rep, type, quantity, occurred at, counted units, multiplier, points. */
type ExplanationRow = [string, string, string, string, string, string, string, string];

/** One rep's explanation as a JSON array of `ExplanationRow`s ($1 contest, $2 rep), in processing order. */
const EXPLANATION_JSON = `SELECT coalesce(json_agg(json_build_array(e.activity_id, e.user_id, e.activity_type,
    e.quantity::text, e.occurred_at, e.counted_units::text, e.multiplier::text, e.points::text)
    ORDER BY e.occurred_at, e.activity_id), '[]')
  FROM contest_activity_scores e WHERE e.contest_id = $1 AND e.user_id = $2`;

function toExplanationLine([
  activityId,
  userId,
  activityType,
  quantity,
  occurredAt,
  countedUnits,
  multiplier,
  points,
]: ExplanationRow): ParticipantScoreDto['explanation'][number] {
  return {
    activityId,
    userId,
    activityType,
    quantity: Number(quantity),
    occurredAt: new Date(occurredAt).toISOString(),
    countedUnits: Number(countedUnits),
    multiplier: Number(multiplier),
    points: toPointsNumber(points),
  };
}

/** A board entry as a participant's score (its explanation added by the caller). */
function scoreOf(entry: LeaderboardEntry): Omit<ParticipantScoreDto, 'explanation'> {
  return {
    participant: entry.participant,
    rank: entry.rank,
    points: entry.points,
    goalReached: entry.goalReached,
    breakdown: entry.breakdown,
  };
}

/** Reads leaderboards and explanations from the kept scores; previews designs over the log. */
@Injectable()
export class LeaderboardService {
  constructor(
    private readonly sql: OrgSql,
    private readonly access: ContestAccess,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly validator: ContestDefinitionValidator,
    private readonly counts: BoardCounts,
  ) {}

  /**
   * `GET /api/contests/:id/leaderboard`: a page (`limit`, `offset`), or with `around` the
   * `aroundCount` entries above a participant, the participant and those below (404 when they are
   * not on the board).
   */
  async leaderboard(contestId: string, query: LeaderboardQueryDto): Promise<LeaderboardDto> {
    const contest = await this.access.readableBoard(contestId);
    const manager = this.sql.readManager;
    const read = query.around
      ? this.around(
          manager,
          contest,
          query.around,
          query.aroundCount ?? CONTEST_LIMITS.aroundCount.default,
        )
      : this.page(manager, contest, query.limit ?? 100, query.offset ?? 0);
    // A kept board comes with its seq; other boards read it on a second pooled connection at once.
    const [board, seq] = this.keptIndividually(contest)
      ? await read.then((slice) => [slice, slice?.seq ?? 0] as const)
      : await Promise.all([read, this.currentSeq(contest.entity.id)]);
    if (!board) throw new NotFoundError('Participant');
    return { contestId: contest.entity.id, seq, entries: board.entries, total: board.total };
  }

  /**
   * A page of the board in SPEC §3 order: for a kept individual board one range scan of the
   * ordered index (`offset + limit` entries) and the total from `contest_boards`; `limit` null
   * reads to the end. Team boards aggregate their (few) teams.
   */
  async page(
    manager: EntityManager,
    contest: LoadedContest,
    limit: number | null,
    offset: number,
  ): Promise<BoardSlice> {
    if (this.keptIndividually(contest))
      return standingsPage(manager, this.counts, contest, limit, offset);
    const entries = await this.wholeBoard(manager, contest);
    return {
      entries: entries.slice(offset, limit === null ? undefined : offset + limit),
      total: entries.length,
    };
  }

  /** The `k` entries above `participantId`, it, and the `k` below; null when it is not on the board. */
  async around(
    manager: EntityManager,
    contest: LoadedContest,
    participantId: string,
    k: number,
  ): Promise<BoardSlice | null> {
    if (this.keptIndividually(contest))
      return standingsAround(manager, this.counts, contest, participantId, k);
    const entries = await this.wholeBoard(manager, contest);
    const at = entries.findIndex((entry) => entry.participant.id === participantId);
    if (at < 0) return null;
    return { entries: entries.slice(Math.max(0, at - k), at + k + 1), total: entries.length };
  }

  /** The board entries of these participants (those on the board), in board order. */
  async entriesOf(
    manager: EntityManager,
    contest: LoadedContest,
    participantIds: readonly string[],
  ): Promise<LeaderboardEntry[]> {
    if (this.keptIndividually(contest))
      return standingsOf(manager, this.counts, contest, participantIds);
    const wanted = new Set(participantIds);
    return (await this.wholeBoard(manager, contest)).filter((entry) =>
      wanted.has(entry.participant.id),
    );
  }

  /** The whole ranked board (the live baseline; prefer `page`/`around`/`entriesOf`). */
  async rankedEntries(manager: EntityManager, contest: LoadedContest) {
    return (await this.page(manager, contest, null, 0)).entries;
  }

  /** Individual boards of published contests are kept as standings rows, read from their index. */
  private keptIndividually(contest: LoadedContest): boolean {
    return contest.entity.mode === 'individual' && contest.entity.publishedAt !== null;
  }

  /** Boards that are not kept standings: team boards (a few teams), and drafts (everyone at 0). */
  private async wholeBoard(
    manager: EntityManager,
    contest: LoadedContest,
  ): Promise<LeaderboardEntry[]> {
    if (contest.entity.mode === 'individual') return draftBoard(manager, contest);
    const { roster, totals } = await this.keptInputs(manager, contest.entity.id);
    return buildLeaderboard(contest, roster, totals);
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
    const contest = await this.access.readableBoard(contestId);
    if (contest.entity.mode === 'individual') return this.individualScore(contest, participantId);
    const manager = this.sql.readManager;
    const { roster, totals } = await this.keptInputs(manager, contest.entity.id);
    const team = roster.teams.get(participantId);
    const user = roster.users.get(participantId);
    const participant: ParticipantRef | null = team
      ? { id: team.id, kind: 'team', name: team.name }
      : user
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
    const ownTotals = entry ? null : totals.get(participant.id);
    return {
      participant,
      rank: entry?.rank ?? null,
      points: entry?.points ?? toPointsNumber(ownTotals?.points ?? '0'),
      goalReached:
        entry?.goalReached ?? goalReached(ownTotals?.points ?? '0', contest.entity.goalPoints),
      // A team member viewed on their own has no leaderboard entry: their own totals.
      breakdown: entry?.breakdown ?? breakdownLines(contest, ownTotals ? [ownTotals] : [], 1),
      explanation: await this.explanation(manager, contest, userIds),
    };
  }

  /**
   * An individual contest's participant: their entry (rank = 1 + the entries with higher displayed
   * points, one count over the index — no board is built) and the explanation of their points.
   */
  private async individualScore(
    contest: LoadedContest,
    participantId: string,
  ): Promise<ParticipantScoreDto> {
    if (!UUID.test(participantId)) throw new NotFoundError('Participant');
    const manager = this.sql.readManager;
    const principal = RequestContext.principal();
    const own =
      principal.kind !== 'user' || principal.role !== 'rep' || principal.userId === participantId;
    if (contest.entity.publishedAt && own) {
      // The entry and the explanation in one statement.
      const { entry, extra } = await standingWith<ExplanationRow[]>(
        manager,
        this.counts,
        contest,
        participantId,
        EXPLANATION_JSON,
      );
      if (!entry) throw new NotFoundError('Participant');
      return { ...scoreOf(entry), explanation: extra.map(toExplanationLine) };
    }
    // The entry and the explanation on two pooled connections at once (the explanation is read
    // only when the caller may see it, and shown only when the participant is on the board).
    const [entries, explanation] = await Promise.all([
      contest.entity.publishedAt
        ? standingsOf(manager, this.counts, contest, [participantId])
        : draftBoard(manager, contest).then((all) =>
            all.filter((e) => e.participant.id === participantId),
          ),
      own ? this.explanation(manager, contest, [participantId]) : null,
    ]);
    const [entry] = entries;
    if (!entry) throw new NotFoundError('Participant');
    if (!explanation)
      throw new ForbiddenError('Reps can see the explanation of their own score only.');
    return { ...scoreOf(entry), explanation };
  }

  /** Every scored activity of these reps in the contest, in processing order. */
  private async explanation(
    manager: EntityManager,
    contest: LoadedContest,
    userIds: string[],
  ): Promise<ParticipantScoreDto['explanation']> {
    const explanation: Array<Record<string, string | Date>> = userIds.length
      ? await manager.query(
          `SELECT activity_id, user_id, activity_type, quantity::text, occurred_at, counted_units::text, multiplier::text, points::text
           FROM contest_activity_scores WHERE contest_id = $1 AND user_id = ANY($2::uuid[])
           ORDER BY occurred_at, activity_id`,
          [contest.entity.id, userIds],
        )
      : [];
    return explanation.map((row) =>
      toExplanationLine([
        String(row['activity_id']),
        String(row['user_id']),
        String(row['activity_type']),
        String(row['quantity']),
        (row['occurred_at'] as Date).toISOString(),
        String(row['counted_units']),
        String(row['multiplier']),
        String(row['points']),
      ]),
    );
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
    const designed = toLoadedContest(
      entity,
      record.rules as ContestRuleEntity[],
      record.multipliers as ContestMultiplierEntity[],
      record.participants as ContestParticipantEntity[],
    );
    const manager = this.sql.readManager;
    const roster = await this.roster(manager, designed);
    // A design open to everyone or to teams' members: the reps it would have now.
    const reps = [...roster.users.keys()];
    const contest =
      entity.mode === 'individual' && entity.participantScope !== 'listed'
        ? { ...designed, participantIds: reps, participantSet: new Set(reps) }
        : designed;
    const scores = await this.scoreKeeper.computeContest(manager, contest);
    const totals = new Map<string, UserTotals>();
    let activitiesConsidered = 0;
    for (const [userId, score] of scores) {
      if (contest.entity.mode === 'individual' && !contest.participantSet.has(userId)) continue;
      activitiesConsidered += score.explanation.length;
      totals.set(userId, {
        points: score.points,
        breakdown: new Map(score.breakdown.map((line) => [line.activityType, line])),
      });
    }
    const entries = buildLeaderboard(contest, roster, totals);
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
    const scope = contest.entity.mode === 'team' ? 'listed' : contest.entity.participantScope;
    const toUsers = (users: UserEntity[]) =>
      new Map(users.map((u) => [u.id, { id: u.id, name: u.name, teamId: u.teamId }]));
    if (scope === 'all') {
      const users = await manager.find(UserEntity, { where: { orgId, ...COMPETES_WHERE } });
      return { users: toUsers(users), teams: new Map() };
    }
    if (ids.length === 0) return { users: new Map(), teams: new Map() };
    const listed = Raw((column) => `${column} = ANY(:ids::uuid[])`, { ids });
    if (contest.entity.mode === 'individual' && scope === 'listed') {
      const users = await manager.find(UserEntity, {
        where: { orgId, id: listed, ...COMPETES_WHERE },
      });
      return { users: toUsers(users), teams: new Map() };
    }
    const members = await manager.find(UserEntity, {
      where: { orgId, teamId: listed, ...COMPETES_WHERE },
    });
    if (scope === 'teams') return { users: toUsers(members), teams: new Map() };
    const teams = await manager.find(TeamEntity, { where: { orgId, id: listed } });
    return {
      users: toUsers(members),
      teams: new Map(teams.map((t) => [t.id, { id: t.id, name: t.name }])),
    };
  }
}
