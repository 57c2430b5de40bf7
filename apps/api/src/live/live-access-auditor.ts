import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { OrgSql } from '../common/org-sql';
import { RequestContext, type Principal } from '../common/request-context';
import { repMayRead } from '../contests/contest-access';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

const CONTEST_ROOM = liveRooms.contest('');

/**
 * Subscribing checks access once; this keeps it true afterwards. When a contest's participants
 * change, or a rep moves team, every affected socket — on any instance, through the adapter —
 * re-runs the subscribe check and leaves the rooms of contests it may no longer read, so their
 * events stop at once. (Sessions that end — sign-out, role or password change — are closed
 * whole by the gateway.)
 */
@Injectable()
export class LiveAccessAuditor implements OnModuleInit {
  private readonly logger = new Logger('LiveAccessAuditor');
  /** Audits under way (they run in the background, after the change's request has answered). */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly events: DomainEvents,
    private readonly broadcaster: LiveBroadcaster,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly sql: OrgSql,
  ) {}

  onModuleInit(): void {
    this.events.on('contest-changed', (event) =>
      this.track(this.audit(event.orgId, liveRooms.contest(event.contestId), event.contestId)),
    );
    this.events.on('membership-changed', (event) =>
      this.track(this.audit(event.orgId, liveRooms.user(event.userId))),
    );
  }

  /**
   * Resolves once every audit started so far has finished: this instance's sockets have left
   * what they may no longer read. For tests: await it instead of polling the rooms.
   */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private track(audit: Promise<void>): void {
    this.running.add(audit);
    void audit.finally(() => this.running.delete(audit));
  }

  /** Re-checks the contest rooms (just `contestId`'s, if given) of every socket in `room`. */
  audit(orgId: string, room: string, contestId?: string): Promise<void> {
    return RequestContext.runAsOrg(orgId, () => this.auditInOrg(room, contestId));
  }

  private async auditInOrg(room: string, contestId?: string): Promise<void> {
    const contests = new Map<string, Promise<LoadedContest | undefined>>();
    const load = (id: string) => {
      let contest = contests.get(id);
      if (!contest) {
        contest = this.scoreKeeper
          .loadContests(this.sql.readManager, this.sql.orgId, { ids: [id], anyStatus: true })
          .then(([loaded]) => loaded);
        contests.set(id, contest);
      }
      return contest;
    };
    try {
      // Staff read every contest of their organisation; displays follow their playlist events.
      const reps = (await this.broadcaster.socketsIn(room)).flatMap((socket) => {
        const principal: Principal | undefined = socket.data?.principal;
        return principal?.kind === 'user' && principal.role === 'rep'
          ? [{ socket, userId: principal.userId }]
          : [];
      });
      // One read for the teams of every rep in the room, not one per socket.
      const teams = await this.teamsOf(reps.map((rep) => rep.userId));
      for (const { socket, userId } of reps) {
        for (const joined of socket.rooms) {
          if (!joined.startsWith(CONTEST_ROOM)) continue;
          const id = joined.slice(CONTEST_ROOM.length);
          if (contestId && id !== contestId) continue;
          const contest = await load(id);
          if (!contest || !repMayRead(contest, userId, teams.get(userId) ?? null))
            socket.leave(joined);
        }
      }
    } catch (error) {
      this.logger.error(`Re-checking live access in ${room} failed: ${String(error)}`);
    }
  }

  private async teamsOf(userIds: string[]): Promise<Map<string, string | null>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.sql.query<{ id: string; team_id: string | null }>(
      'SELECT id, team_id FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])',
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((row) => [row.id, row.team_id]));
  }
}
