import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';

/**
 * Who may read which contest: managers and admins every contest of their organisation; a rep the
 * published contests they take part in (directly, or through their team). Anything else is 404.
 */
@Injectable()
export class ContestAccess {
  constructor(
    private readonly sql: OrgSql,
    private readonly scoreKeeper: ScoreKeeper,
  ) {}

  async readable(id: string): Promise<LoadedContest> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Contest');
    const [contest] = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
      ids: [id],
      anyStatus: true,
    });
    if (!contest || !(await this.mayRead(contest))) throw new NotFoundError('Contest');
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
