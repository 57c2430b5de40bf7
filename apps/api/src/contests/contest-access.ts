import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { UserEntity } from '../users/entities/user.entity';

/**
 * Who may read which contest: managers and admins every contest of their organisation; a rep the
 * published contests they take part in (directly, or through their team). Anything else is 404.
 */
@Injectable()
export class ContestAccess {
  constructor(
    private readonly sql: OrgSql,
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
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
    const contests = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
      anyStatus: true,
    });
    const readable = [];
    for (const contest of contests) if (await this.mayRead(contest)) readable.push(contest);
    return readable.sort(
      (a, b) =>
        b.entity.startsAt.getTime() - a.entity.startsAt.getTime() ||
        a.entity.name.localeCompare(b.entity.name),
    );
  }

  /**
   * True for staff; for a rep, when they take part in this published contest; for a display,
   * when its playlist names this published contest.
   */
  async mayRead(contest: LoadedContest): Promise<boolean> {
    const principal = RequestContext.principal();
    if (principal.kind === 'display')
      return !!contest.entity.publishedAt && principal.contestIds.includes(contest.entity.id);
    if (principal.kind !== 'user') return false;
    if (principal.role !== 'rep') return true;
    if (contest.entity.mode === 'individual' && contest.entity.participantScope !== 'teams')
      return repMayRead(contest, principal.userId, null);
    const me = await this.users.getById(principal.userId);
    return repMayRead(contest, principal.userId, me.teamId);
  }
}

/**
 * A rep reads a published contest they take part in: by name (individual) or through their team.
 * Pure, so a check over many reps (a room's sockets) can load their teams once.
 */
export function repMayRead(contest: LoadedContest, userId: string, teamId: string | null): boolean {
  if (!contest.entity.publishedAt) return false;
  if (contest.entity.mode === 'individual' && contest.entity.participantScope === 'all')
    return true;
  return contest.entity.mode === 'individual' && contest.entity.participantScope === 'listed'
    ? contest.participantSet.has(userId)
    : !!teamId && contest.participantSet.has(teamId);
}
