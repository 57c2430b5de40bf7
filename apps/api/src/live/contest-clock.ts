import type { ContestChange } from '@arena/contracts';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { ContestDto } from '../contests/dto/contest.dto';
import { ScoreKeeper } from '../scores/score-keeper';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

const TICK_MS = 1000;

interface Transition {
  contest_id: string;
  org_id: string;
  old: string | null;
  status: string;
}

/**
 * `contest` events: published, edited and archived as they happen, and started and ended when
 * the clock passes the contest's window — each announced once, whichever instance sees it first
 * (the announcement is claimed by updating the contest's live-state row).
 */
@Injectable()
export class ContestClock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ContestClock');
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly sql: OrgSql,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('contest-changed', (event) =>
      this.announce(event.orgId, event.contestId, event.change),
    );
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // An UPDATE … RETURNING answers [rows, count].
      // eslint-disable-next-line no-restricted-syntax -- the clock claims every organisation's transitions in one statement; each is then announced as its own organisation
      const [transitions = []] = await this.sql.unscopedQuery<Transition[]>(
        `
          WITH target AS (
            SELECT s.contest_id, c.org_id, s.announced_status AS old,
                   CASE WHEN now() < c.starts_at THEN 'scheduled' WHEN now() < c.ends_at THEN 'live' ELSE 'ended' END AS status
            FROM contest_live_states s JOIN contests c ON c.id = s.contest_id
            WHERE c.published_at IS NOT NULL AND c.archived_at IS NULL
            FOR UPDATE OF s SKIP LOCKED
          )
          UPDATE contest_live_states s SET announced_status = t.status
          FROM target t
          WHERE s.contest_id = t.contest_id AND t.old IS DISTINCT FROM t.status
          RETURNING t.contest_id, t.org_id, t.old, t.status`,
      );
      for (const row of transitions) {
        // The first status of a contest is the one it was published with: nothing to announce.
        if (row.old === null) continue;
        const change: ContestChange | null =
          row.status === 'live' ? 'started' : row.status === 'ended' ? 'ended' : null;
        if (change) await this.announce(row.org_id, row.contest_id, change);
        if (change === 'ended') {
          this.events.publish({
            kind: 'contest-ended',
            orgId: row.org_id,
            contestId: row.contest_id,
          });
        }
      }
    } catch (error) {
      this.logger.warn(`Contest clock: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  private announce(orgId: string, contestId: string, change: ContestChange): Promise<void> {
    return RequestContext.runAsOrg(orgId, () => this.announceInOrg(contestId, change));
  }

  private async announceInOrg(contestId: string, change: ContestChange): Promise<void> {
    const orgId = this.sql.orgId;
    const [contest] = await this.scoreKeeper.loadContests(this.sql.readManager, orgId, {
      ids: [contestId],
      anyStatus: true,
    });
    // Drafts are the managers' business: nothing is announced about them.
    if (!contest?.entity.publishedAt) return;
    this.broadcaster.emit([liveRooms.org(orgId), liveRooms.contest(contestId)], 'contest', {
      contestId,
      change,
      contest: ContestDto.from(contest),
    });
  }
}
