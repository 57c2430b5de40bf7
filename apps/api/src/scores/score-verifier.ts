import type { ScoreDifference, VerifyScoresReport } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { Transactions } from '../common/transaction';
import { ScoreKeeper } from './score-keeper';

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
          for (const contest of await this.scoreKeeper.loadContests(manager, org, {})) {
            const contestId = contest.entity.id;
            const recomputed = await this.scoreKeeper.computeContest(manager, contest);
            const storedScores = new Map<string, string>(
              (
                await manager.query(
                  `SELECT user_id, points::text AS points FROM contest_scores WHERE contest_id = $1`,
                  [contestId],
                )
              ).map((row: { user_id: string; points: string }) => [row.user_id, row.points]),
            );
            const storedRows = new Map<
              string,
              { user_id: string; counted: string; multiplier: string; points: string }
            >(
              (
                await manager.query(
                  `SELECT activity_id, user_id, counted_units::text AS counted, multiplier::text AS multiplier, points::text AS points
                 FROM contest_activity_scores WHERE contest_id = $1`,
                  [contestId],
                )
              ).map((row: { activity_id: string }) => [row.activity_id, row]),
            );
            const diff = (userId: string, stored: string, expected: string, detail: string) =>
              report.differences.push({
                contestId,
                userId,
                stored,
                recomputed: expected,
                detail,
              } satisfies ScoreDifference);

            report.contestsChecked++;
            for (const userId of new Set([...storedScores.keys(), ...recomputed.keys()])) {
              report.participantsChecked++;
              const expected = recomputed.get(userId)?.points ?? '0';
              const stored = storedScores.get(userId) ?? '0';
              if (!new Decimal(stored).equals(expected))
                diff(userId, stored, expected, 'total points');
            }
            for (const score of recomputed.values()) {
              for (const line of score.explanation) {
                report.activitiesChecked++;
                const row = storedRows.get(line.activityId);
                storedRows.delete(line.activityId);
                if (!row)
                  diff(line.userId, 'missing', line.points, `activity ${line.activityId} not kept`);
                else if (
                  !new Decimal(row.points).equals(line.points) ||
                  !new Decimal(row.counted).equals(line.countedUnits)
                ) {
                  diff(
                    line.userId,
                    `${row.counted} units, ${row.points} points`,
                    `${line.countedUnits} units, ${line.points} points`,
                    `activity ${line.activityId}`,
                  );
                }
              }
            }
            for (const [activityId, row] of storedRows)
              diff(row.user_id, row.points, 'none', `activity ${activityId} should not count`);

            // The kept breakdown lines (a line whose activities were all voided is all zeros).
            const describe = (line: { units: string; countedUnits: string; points: string }) =>
              `${new Decimal(line.units)} units, ${new Decimal(line.countedUnits)} counted, ${new Decimal(line.points)} points`;
            const storedLines = new Map<string, string>(
              (
                await manager.query(
                  `SELECT user_id, activity_type, units::text AS units, counted_units::text AS "countedUnits", points::text AS points
                 FROM contest_score_lines WHERE contest_id = $1`,
                  [contestId],
                )
              ).map(
                (row: {
                  user_id: string;
                  activity_type: string;
                  units: string;
                  countedUnits: string;
                  points: string;
                }) => [`${row.user_id}|${row.activity_type}`, describe(row)],
              ),
            );
            const zero = describe({ units: '0', countedUnits: '0', points: '0' });
            for (const score of recomputed.values()) {
              for (const line of score.breakdown) {
                const key = `${score.userId}|${line.activityType}`;
                const stored = storedLines.get(key) ?? 'missing';
                storedLines.delete(key);
                if (stored !== describe(line))
                  diff(score.userId, stored, describe(line), `${line.activityType} breakdown line`);
              }
            }
            for (const [key, stored] of storedLines) {
              const [userId, type] = key.split('|');
              if (stored !== zero) diff(userId, stored, zero, `${type} breakdown line`);
            }
          }
        }
        return report;
      },
      { isolation: 'REPEATABLE READ' },
    );
  }
}
