import type { ScoreDifference, VerifyScoresReport } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import { createRepScorer } from '@arena/scoring';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../common/transaction';
import { normalisedNumeric } from './contest-rescorer';
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
   * One contest, streamed: the log merged with the kept activity rows rep by rep, so only one
   * rep's activities are in memory; the reps' recomputed totals and breakdown lines (a few per
   * rep) are then compared with the kept ones.
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
    const describe = (line: { units: string; countedUnits: string; points: string }) =>
      `${normalisedNumeric(line.units)} units, ${normalisedNumeric(line.countedUnits)} counted, ${normalisedNumeric(line.points)} points`;

    report.contestsChecked++;
    const scorer = createRepScorer(contest.scoring);
    const totals = new Map<string, string>();
    const lines = new Map<string, string>();
    await this.scoreKeeper.rescorer.forEachComparison(manager, contest, (rep) => {
      const score = scorer.score(rep.userId, rep.activities);
      if (score.explanation.length > 0) totals.set(rep.userId, score.points);
      for (const line of score.breakdown)
        lines.set(`${rep.userId}|${line.activityType}`, describe(line));
      for (const line of score.explanation) {
        report.activitiesChecked++;
        const row = rep.kept.get(line.activityId);
        rep.kept.delete(line.activityId);
        if (!row) diff(line.userId, 'missing', line.points, `activity ${line.activityId} not kept`);
        else if (row.points !== line.points || row.countedUnits !== line.countedUnits) {
          diff(
            line.userId,
            `${row.countedUnits} units, ${row.points} points`,
            `${line.countedUnits} units, ${line.points} points`,
            `activity ${line.activityId}`,
          );
        }
      }
      for (const row of rep.kept.values())
        diff(rep.userId, row.points, 'none', `activity ${row.activityId} should not count`);
    });

    const rescorer = this.scoreKeeper.rescorer;
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
    const zero = describe({ units: '0', countedUnits: '0', points: '0' });
    await rescorer.forEachKept(
      manager,
      contest,
      'contest_score_lines',
      ([userId, type, units, countedUnits, points]) => {
        const key = `${userId}|${type}`;
        const expected = lines.get(key) ?? zero;
        lines.delete(key);
        const stored = describe({ units, countedUnits, points });
        if (stored !== expected) diff(userId, stored, expected, `${type} breakdown line`);
      },
    );
    for (const [key, expected] of lines) {
      const [userId, type] = key.split('|');
      diff(userId, 'missing', expected, `${type} breakdown line`);
    }
  }
}
