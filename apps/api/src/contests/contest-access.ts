import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { InstanceCaches, type TaggedCache } from '../common/instance-cache';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ScoreKeeper } from '../scores/score-keeper';
import { toLoadedContest, type LoadedContest } from '../scores/scoring-contest';
import { ContestEntity } from './entities/contest.entity';
import type { ContestMultiplierEntity } from './entities/contest-multiplier.entity';
import type { ContestParticipantEntity } from './entities/contest-participant.entity';
import type { ContestRuleEntity } from './entities/contest-rule.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether rep $3 takes part in contest `c` (see `readableByRep`); $3 null: not asked. */
const REP_TAKES_PART = `(c.mode = 'individual' AND c.participant_scope = 'all'
  OR EXISTS (SELECT 1 FROM contest_participants p JOIN users u ON u.org_id = c.org_id AND u.id = $3
    WHERE p.contest_id = c.id
      AND (CASE WHEN c.mode = 'team' OR c.participant_scope = 'teams' THEN p.team_id = u.team_id
           ELSE p.user_id = u.id END)))`;

/**
 * A contest for a board read, and whether the calling rep may read it, in one statement: the row,
 * its rules and multipliers, and its participants only when they are teams (a few) — an individual
 * board is read from its standings rows, never from its participant list (up to 100,000 ids).
 */
const BOARD_CONTEST_SQL = `SELECT c.*,
    (SELECT coalesce(json_agg(json_build_object('activityType', r.activity_type,
       'pointsPerUnit', r.points_per_unit::text, 'dailyCap', r.daily_cap::text,
       'totalCap', r.total_cap::text, 'position', r.position)), '[]')
       FROM contest_rules r WHERE r.contest_id = c.id) AS board_rules,
    (SELECT coalesce(json_agg(json_build_object('startsAt', m.starts_at, 'endsAt', m.ends_at,
       'factor', m.factor::text, 'activityTypes', m.activity_types, 'position', m.position)), '[]')
       FROM contest_multipliers m WHERE m.contest_id = c.id) AS board_multipliers,
    CASE WHEN c.mode = 'team' OR c.participant_scope = 'teams' THEN
      (SELECT coalesce(json_agg(p.team_id ORDER BY p.team_id), '[]') FROM contest_participants p
        WHERE p.contest_id = c.id AND p.team_id IS NOT NULL)
    ELSE '[]' END AS board_teams,
    CASE WHEN $3::uuid IS NULL THEN true
      ELSE c.published_at IS NOT NULL AND ${REP_TAKES_PART} END AS rep_takes_part
  FROM contests c WHERE c.org_id = $1 AND c.id = $2`;

interface BoardContestRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  starts_at: Date;
  ends_at: Date;
  timezone: string;
  mode: ContestEntity['mode'];
  team_aggregation: ContestEntity['teamAggregation'];
  participant_scope: ContestEntity['participantScope'];
  goal_points: string | null;
  prizes: ContestEntity['prizes'];
  achievements: ContestEntity['achievements'];
  published_at: Date | null;
  archived_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  board_rules: Array<Omit<ContestRuleEntity, 'id' | 'contestId' | 'orgId' | 'contest'>>;
  board_multipliers: Array<{
    startsAt: string;
    endsAt: string;
    factor: string;
    activityTypes: string[] | null;
    position: number;
  }>;
  board_teams: string[];
  rep_takes_part: boolean;
}

/**
 * Who may read which contest: managers and admins every contest of their organisation; a rep the
 * published contests they take part in (directly, or through their team). Anything else is 404.
 */
@Injectable()
export class ContestAccess {
  /**
   * Board reads' contest rows by `<org> <contest> <rep or ->`, kept exact by commit notices
   * (`instance-cache.ts`): a contest, its rules, multipliers or participants changed, or the rep's
   * team, drops them.
   */
  private readonly boardContests: TaggedCache<BoardContestRow>;

  constructor(
    private readonly sql: OrgSql,
    private readonly scoreKeeper: ScoreKeeper,
    caches: InstanceCaches,
  ) {
    this.boardContests = caches.create<BoardContestRow>(10_000);
  }

  async readable(id: string): Promise<LoadedContest> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Contest');
    const [contest] = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
      ids: [id],
      anyStatus: true,
    });
    if (!contest || !(await this.mayRead(contest))) throw new NotFoundError('Contest');
    return contest;
  }

  /**
   * `readable` for the board reads (leaderboard, a participant's score): one round trip, and an
   * individual contest comes without its participant list (`participantIds` empty: its board is
   * its standings rows; team contests carry their team ids). The same 404s as `readable`.
   */
  async readableBoard(id: string): Promise<LoadedContest> {
    if (!UUID.test(id)) throw new NotFoundError('Contest');
    const principal = RequestContext.principal();
    const repId = principal.kind === 'user' && principal.role === 'rep' ? principal.userId : null;
    const orgId = this.sql.orgId;
    const row = await this.boardContests.read(
      `${orgId} ${id} ${repId ?? '-'}`,
      repId ? [`contest:${id}`, `user:${repId}`] : [`contest:${id}`],
      async () => (await this.sql.query<BoardContestRow>(BOARD_CONTEST_SQL, [id, repId]))[0],
    );
    if (!row) throw new NotFoundError('Contest');
    const contest = toBoardContest(row);
    if (principal.kind === 'display') {
      if (!contest.entity.publishedAt || !principal.contestIds.includes(id))
        throw new NotFoundError('Contest');
    } else if (principal.kind !== 'user' || !row.rep_takes_part) {
      throw new NotFoundError('Contest');
    }
    return contest;
  }

  async readableContests(): Promise<LoadedContest[]> {
    const principal = RequestContext.principal();
    // A rep's contests are found in SQL, not by loading every contest's participant list.
    const ids =
      principal.kind === 'user' && principal.role === 'rep'
        ? await this.readableByRep(principal.userId)
        : undefined;
    if (ids && ids.length === 0) return [];
    const contests = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
      ids,
      anyStatus: true,
    });
    const readable = [];
    for (const contest of contests) if (await this.mayRead(contest, ids)) readable.push(contest);
    return readable.sort(
      (a, b) =>
        b.entity.startsAt.getTime() - a.entity.startsAt.getTime() ||
        a.entity.name.localeCompare(b.entity.name),
    );
  }

  /**
   * True for staff; for a rep, when they take part in this published contest (checked in SQL, or
   * against `repContestIds` when the caller has them); for a display, when its playlist names
   * this published contest.
   */
  async mayRead(contest: LoadedContest, repContestIds?: string[]): Promise<boolean> {
    const principal = RequestContext.principal();
    if (principal.kind === 'display')
      return !!contest.entity.publishedAt && principal.contestIds.includes(contest.entity.id);
    if (principal.kind !== 'user') return false;
    if (principal.role !== 'rep') return true;
    if (repContestIds) return repContestIds.includes(contest.entity.id);
    return (await this.readableByRep(principal.userId, contest.entity.id)).length > 0;
  }

  /**
   * The published contests a rep takes part in (just `contestId`, if given): listed by name in an
   * individual contest (or any rep in one open to everyone), through their team in a team contest
   * or one open to teams' members. One indexed query.
   */
  private async readableByRep(userId: string, contestId?: string): Promise<string[]> {
    const rows = await this.sql.query<{ id: string }>(
      `SELECT c.id FROM contests c JOIN users u ON u.org_id = c.org_id AND u.id = $2
       WHERE c.org_id = $1 AND c.published_at IS NOT NULL AND ($3::uuid IS NULL OR c.id = $3)
         AND (c.mode = 'individual' AND c.participant_scope = 'all'
           OR EXISTS (SELECT 1 FROM contest_participants p WHERE p.contest_id = c.id
             AND (CASE WHEN c.mode = 'team' OR c.participant_scope = 'teams' THEN p.team_id = u.team_id
                  ELSE p.user_id = u.id END)))`,
      [userId, contestId ?? null],
    );
    return rows.map((row) => row.id);
  }
}

/**
 * A rep reads a published contest they take part in: by name (individual) or through their team.
 * Pure, so a check over many reps (a room's sockets) can load their teams once; it needs the
 * contest's participant list (`loadContests`), so single checks use SQL (`ContestAccess.mayRead`).
 */
export function repMayRead(contest: LoadedContest, userId: string, teamId: string | null): boolean {
  if (!contest.entity.publishedAt) return false;
  if (contest.entity.mode === 'individual' && contest.entity.participantScope === 'all')
    return true;
  return contest.entity.mode === 'individual' && contest.entity.participantScope === 'listed'
    ? contest.participantSet.has(userId)
    : !!teamId && contest.participantSet.has(teamId);
}

function toBoardContest(row: BoardContestRow): LoadedContest {
  const entity = Object.assign(new ContestEntity(), {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timezone: row.timezone,
    mode: row.mode,
    teamAggregation: row.team_aggregation,
    participantScope: row.participant_scope,
    goalPoints: row.goal_points,
    prizes: row.prizes,
    achievements: row.achievements,
    publishedAt: row.published_at,
    archivedAt: row.archived_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
  const multipliers = row.board_multipliers.map((m) => ({
    ...m,
    startsAt: new Date(m.startsAt),
    endsAt: new Date(m.endsAt),
  }));
  const teams = row.board_teams.map((teamId) => ({ teamId, userId: null }));
  return toLoadedContest(
    entity,
    row.board_rules as ContestRuleEntity[],
    multipliers as ContestMultiplierEntity[],
    teams as Array<Pick<ContestParticipantEntity, 'userId' | 'teamId'>>,
  );
}
