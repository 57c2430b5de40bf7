import type { ScoreDifference, VerifyScoresReport } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../common/transaction';
import { describeLine, normalisedNumeric } from './log-text';
import { ScoreKeeper } from './score-keeper';
import type { LoadedContest } from './scoring-contest';

/**
 * Recomputes every kept contest from the activity log and reports any difference from the kept
 * scores — per rep and per activity. It must always report none.
 */
@Injectable()
export class ScoreVerifier {
  constructor(
    private readonly transactions: Transactions,
    private readonly scoreKeeper: ScoreKeeper,
  ) {}

  /** One organisation, or every organisation when `orgId` is omitted (the CLI). */
  async verify(orgId?: string): Promise<VerifyScoresReport> {
    // One snapshot: activities arriving meanwhile cannot produce false differences.
    return this.transactions.run(
      async (manager) => {
        const orgIds: string[] = orgId
          ? [orgId]
          : (await manager.query(`SELECT id FROM organizations ORDER BY id`)).map(
              (row: { id: string }) => row.id,
            );
        const report: VerifyScoresReport = {
          contestsChecked: 0,
          participantsChecked: 0,
          activitiesChecked: 0,
          differences: [],
        };
        for (const org of orgIds) {
          for (const contest of await this.scoreKeeper.loadContests(manager, org, {}))
            await this.verifyContest(manager, contest, report);
        }
        return report;
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /**
   * One contest, streamed: the log merged with the kept activity rows rep by rep
   * (`ContestRescorer.checkLog`, on the scoring threads for a big contest), so only a run of
   * reps is in memory; the reps' recomputed totals and breakdown lines (a few per rep) are then
   * compared with the kept ones.
   */
  private async verifyContest(
    manager: EntityManager,
    contest: LoadedContest,
    report: VerifyScoresReport,
  ): Promise<void> {
    const contestId = contest.entity.id;
    const diff = (userId: string, stored: string, expected: string, detail: string) =>
      report.differences.push({
        contestId,
        userId,
        stored,
        recomputed: expected,
        detail,
      } satisfies ScoreDifference);

    report.contestsChecked++;
    const rescorer = this.scoreKeeper.rescorer;
    const check = await rescorer.checkLog(manager, contest);
    report.activitiesChecked += check.activitiesChecked;
    for (const { userId, stored, recomputed, detail } of check.differences)
      diff(userId, stored, recomputed, detail);
    const totals = new Map(check.totals);
    const lines = new Map(check.lines);

    await rescorer.forEachKept(manager, contest, 'contest_scores', ([userId, points]) => {
      report.participantsChecked++;
      const expected = totals.get(userId) ?? '0';
      totals.delete(userId);
      const stored = normalisedNumeric(points);
      if (stored !== expected) diff(userId, stored, expected, 'total points');
    });
    for (const [userId, expected] of totals) {
      report.participantsChecked++;
      if (expected !== '0') diff(userId, '0', expected, 'total points');
    }

    // The kept breakdown lines (a line whose activities were all voided is all zeros).
    const zero = describeLine({ units: '0', countedUnits: '0', points: '0' });
    await rescorer.forEachKept(
      manager,
      contest,
      'contest_score_lines',
      ([userId, type, units, countedUnits, points]) => {
        const key = `${userId}|${type}`;
        const expected = lines.get(key) ?? zero;
        lines.delete(key);
        const stored = describeLine({ units, countedUnits, points });
        if (stored !== expected) diff(userId, stored, expected, `${type} breakdown line`);
      },
    );
    for (const [key, expected] of lines) {
      const [userId, type] = key.split('|');
      diff(userId, 'missing', expected, `${type} breakdown line`);
    }
  }
}
