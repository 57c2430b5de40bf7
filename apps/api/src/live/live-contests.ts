import { Injectable } from '@nestjs/common';
import { OrgSql } from '../common/org-sql';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';

/** Contest definitions for live flushes, per instance, valid while the contest's updated_at holds. */
@Injectable()
export class LiveContests {
  private readonly definitions = new Map<string, LoadedContest>();

  constructor(
    private readonly sql: OrgSql,
    private readonly scoreKeeper: ScoreKeeper,
  ) {}

  /** Runs as the contest's organisation. Null for a draft or archived contest (no live board). */
  async definition(contestId: string, updatedAt: Date): Promise<LoadedContest | null> {
    const cached = this.definitions.get(contestId);
    if (cached && cached.entity.updatedAt.getTime() === updatedAt.getTime()) return cached;
    const [contest] = await this.scoreKeeper.loadContests(this.sql.readManager, this.sql.orgId, {
      ids: [contestId],
    });
    if (contest) this.definitions.set(contestId, contest);
    else this.definitions.delete(contestId);
    return contest ?? null;
  }
}
