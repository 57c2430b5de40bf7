import {
  compareActivities,
  localDay,
  scoreActivity,
  scoreParticipant,
  type ParticipantScore,
  type ScoredActivity,
  type ScoringActivity,
} from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { In, type EntityManager } from 'typeorm';
import { ContestMultiplierEntity } from '../contests/entities/contest-multiplier.entity';
import { ContestParticipantEntity } from '../contests/entities/contest-participant.entity';
import { ContestRuleEntity } from '../contests/entities/contest-rule.entity';
import { ContestEntity } from '../contests/entities/contest.entity';
import { ContestActivityScoreEntity } from './entities/contest-activity-score.entity';
import { ContestScoreLineEntity } from './entities/contest-score-line.entity';
import { ContestScoreEntity } from './entities/contest-score.entity';
import { toLoadedContest, type LoadedContest } from './scoring-contest';
import { ensureBoardRows } from './standings';

/** A stored, non-voided activity as the scorer sees it. */
export interface LoggedActivity {
  id: string;
  orgId: string;
  userId: string;
  /** Activity-type key. */
  activityType: string;
  quantity: string;
  occurredAt: Date;
}

const ADVISORY_NAMESPACE = 7301;

/** What a kept-score row needs of its contest: the id and the organisation its keys carry. */
type ContestKey = Pick<ContestEntity, 'id' | 'orgId'>;
const INSERT_CHUNK = 1000;

/** A scored activity row as it enters or leaves a rep's breakdown line. */
type LineRow = Pick<
  ScoredActivity,
  'userId' | 'activityType' | 'quantity' | 'countedUnits' | 'points'
>;

/**
 * Changes to breakdown lines (`contest_score_lines`) collected during one scoring call and written
 * by one upsert at its end — while the reps' `contest_scores` rows are locked, which serialises
 * every writer of a rep's lines. One call scores one organisation's contests, so the lines carry
 * that organisation.
 */
class LineDeltas {
  constructor(private readonly orgId: string) {}

  private readonly lines = new Map<
    string,
    {
      contestId: string;
      userId: string;
      activityType: string;
      units: Decimal;
      counted: Decimal;
      points: Decimal;
    }
  >();

  add(contestId: string, rows: LineRow[], sign: 1 | -1 = 1): void {
    for (const row of rows) {
      const key = `${contestId}|${row.userId}|${row.activityType}`;
      const line = this.lines.get(key) ?? {
        contestId,
        userId: row.userId,
        activityType: row.activityType,
        units: new Decimal(0),
        counted: new Decimal(0),
        points: new Decimal(0),
      };
      line.units = line.units.plus(new Decimal(row.quantity).times(sign));
      line.counted = line.counted.plus(new Decimal(row.countedUnits).times(sign));
      line.points = line.points.plus(new Decimal(row.points).times(sign));
      this.lines.set(key, line);
    }
  }

  async write(manager: EntityManager): Promise<void> {
    const lines = [...this.lines.keys()].sort().map((key) => this.lines.get(key)!);
    if (lines.length === 0) return;
    await manager.query(
      `INSERT INTO contest_score_lines AS l (org_id, contest_id, user_id, activity_type, units, counted_units, points)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::uuid[], $4::varchar[], $5::numeric[], $6::numeric[], $7::numeric[])
       ON CONFLICT (contest_id, user_id, activity_type) DO UPDATE SET
         units = l.units + EXCLUDED.units,
         counted_units = l.counted_units + EXCLUDED.counted_units,
         points = l.points + EXCLUDED.points`,
      [
        this.orgId,
        lines.map((line) => line.contestId),
        lines.map((line) => line.userId),
        lines.map((line) => line.activityType),
        lines.map((line) => line.units.toString()),
        lines.map((line) => line.counted.toString()),
        lines.map((line) => line.points.toString()),
      ],
    );
  }
}

/**
 * Keeps every published contest's scores equal to a recomputation from the activity log, inside
 * the caller's transaction. New activities are scored incrementally when they arrive in order
 * (or their rule has no caps, where order cannot matter); a back-dated activity under a capped
 * rule, or a void, re-scores just that rep in that contest; a contest change re-scores the contest.
 *
 * Concurrency is settled by PostgreSQL: activity writes hold the organisation's advisory lock in
 * shared mode and contest changes in exclusive mode, so a re-score never misses an in-flight
 * activity; a rep's score row is locked while it is updated, so concurrent activities of one rep
 * are applied one after the other.
 *
 * THE LOCK ORDER. Every write path (record, batch, void, back-dated re-score, contest
 * edit/publish/re-score) takes its locks in this one order, so two writers never wait for each
 * other in a cycle:
 *   1. the organisation's advisory lock (`lockForActivityWrites`: shared; `lockForContestChange`:
 *      exclusive) — always first, before any row lock;
 *   2. the one row a call changes by id (the activity being voided, the contest being edited),
 *      FOR NO KEY UPDATE: other writers' foreign-key checks (FOR KEY SHARE on activities and
 *      contests, taken by every insert into the score tables) never wait for it;
 *   3. new `activities` rows, inserted in externalId order (the unique index entries of a batch);
 *   4. every `contest_scores` row the call touches, all at once, sorted by (contest_id, user_id),
 *      before any of them is read or changed (`lockScores`);
 *   5. `contest_activity_scores` and `contest_score_lines` rows of those reps, which only a holder
 *      of their score row writes (lines in (contest, rep, type) order).
 * Whatever still collides (a deadlock, a serialisation failure) is run again by runTransaction.
 */
@Injectable()
export class ScoreKeeper {
  /** Scores new activities; answers, per activity id, the contests where it counts. */
  async onRecorded(
    manager: EntityManager,
    activities: LoggedActivity[],
  ): Promise<Map<string, string[]>> {
    const counted = new Map<string, string[]>();
    if (activities.length === 0) return counted;
    const orgId = activities[0].orgId;
    await this.lockOrg(manager, orgId, 'shared');
    const times = activities.map((a) => a.occurredAt.getTime());
    const contests = await this.loadContests(manager, orgId, {
      from: new Date(Math.min(...times)),
      to: new Date(Math.max(...times)),
      types: [...new Set(activities.map((a) => a.activityType))],
    });

    const groups = new Map<
      string,
      { contest: LoadedContest; userId: string; activities: LoggedActivity[] }
    >();
    for (const contest of contests) {
      const individuals = listsItsReps(contest) ? contest.participantSet : null;
      for (const activity of activities) {
        if (!this.counts(contest, activity) || (individuals && !individuals.has(activity.userId)))
          continue;
        const key = `${contest.entity.id}|${activity.userId}`;
        const group = groups.get(key) ?? { contest, userId: activity.userId, activities: [] };
        group.activities.push(activity);
        groups.set(key, group);
        counted.set(activity.id, [...(counted.get(activity.id) ?? []), contest.entity.id]);
      }
    }
    // Lock order step 4: every (contest, rep) row of the call at once, sorted, uncapped points
    // included — computing those needs no read, and locking capped reps first and uncapped ones
    // after would interleave two sorted sequences into a cycle with a concurrent batch.
    const ordered = [...groups.keys()].sort().map((key) => groups.get(key)!);
    const lines = new LineDeltas(orgId);
    const plainRows: Array<{ contestId: string; row: ScoredActivity }> = [];
    const scored = ordered.map((group) => ({
      group,
      ...this.scoreUncapped(group.contest, group.activities),
    }));
    await this.lockScores(
      manager,
      orgId,
      scored.map(({ group, delta }) => ({
        contestId: group.contest.entity.id,
        userId: group.userId,
        delta,
      })),
    );
    for (const { group, rows } of scored) {
      lines.add(group.contest.entity.id, rows);
      plainRows.push(...rows.map((row) => ({ contestId: group.contest.entity.id, row })));
      await this.rescoreCapped(manager, group.contest, group.userId, group.activities, lines);
    }
    await this.insertActivityScoreRows(manager, orgId, plainRows);
    await lines.write(manager);
    return counted;
  }

  /** Takes a voided activity out of every contest where it counted. */
  async onVoided(
    manager: EntityManager,
    activity: { id: string; orgId: string; userId: string },
  ): Promise<string[]> {
    await this.lockOrg(manager, activity.orgId, 'shared');
    const rows = await manager.find(ContestActivityScoreEntity, {
      where: { activityId: activity.id },
      order: { contestId: 'ASC' },
    });
    if (rows.length === 0) return [];
    const contests = await this.loadContests(manager, activity.orgId, {
      ids: rows.map((row) => row.contestId),
    });
    // Lock order step 4, all at once; `rows` are sorted by contest and the rep is one.
    await this.lockScores(
      manager,
      activity.orgId,
      contests.map((contest) => ({ contestId: contest.entity.id, userId: activity.userId })),
    );
    const lines = new LineDeltas(activity.orgId);
    for (const row of rows) {
      const contest = contests.find((candidate) => candidate.entity.id === row.contestId);
      if (!contest) continue;
      await this.removeActivity(
        manager,
        contest,
        activity.userId,
        { id: activity.id, activityType: row.activityType, occurredAt: row.occurredAt },
        lines,
      );
    }
    await lines.write(manager);
    return contests.map((contest) => contest.entity.id);
  }

  /** Recomputes a whole contest from the log (after publishing or editing it). */
  async rescoreContest(manager: EntityManager, orgId: string, contestId: string): Promise<void> {
    await this.lockOrg(manager, orgId, 'exclusive');
    await manager.delete(ContestActivityScoreEntity, { contestId });
    await manager.delete(ContestScoreLineEntity, { contestId });
    await manager.delete(ContestScoreEntity, { contestId });
    const [contest] = await this.loadContests(manager, orgId, { ids: [contestId] });
    if (!contest) return; // drafts and archived contests keep no scores
    const scores = await this.computeContest(manager, contest);
    await this.insertScores(manager, contest.entity, [...scores.values()]);
    // Standings: every current board member has a row (0 points until they score).
    await ensureBoardRows(manager, contest.entity.id);
  }

  /** Scores every participant of a contest from the log, without storing anything. */
  async computeContest(
    manager: EntityManager,
    contest: LoadedContest,
  ): Promise<Map<string, ParticipantScore>> {
    const activities = await this.loadActivities(manager, contest, {});
    const byUser = new Map<string, ScoringActivity[]>();
    for (const activity of activities)
      byUser.set(activity.userId, [...(byUser.get(activity.userId) ?? []), activity]);
    return new Map(
      [...byUser].map(([userId, list]) => [
        userId,
        scoreParticipant(contest.scoring, userId, list),
      ]),
    );
  }

  /**
   * Contests of the organisation with rules, multipliers and participants: by default only the
   * published, non-archived ones, which are the ones whose scores are kept.
   */
  async loadContests(
    manager: EntityManager,
    orgId: string,
    filter: { ids?: string[]; from?: Date; to?: Date; types?: string[]; anyStatus?: boolean },
  ): Promise<LoadedContest[]> {
    const qb = manager
      .createQueryBuilder(ContestEntity, 'c')
      .where('c.orgId = :orgId', { orgId })
      .orderBy('c.id');
    if (!filter.anyStatus) qb.andWhere('c.publishedAt IS NOT NULL AND c.archivedAt IS NULL');
    if (filter.ids) qb.andWhere('c.id IN (:...ids)', { ids: filter.ids });
    if (filter.from && filter.to)
      qb.andWhere('c.startsAt <= :to AND c.endsAt > :from', { from: filter.from, to: filter.to });
    if (filter.types) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM contest_rules r WHERE r.contest_id = c.id AND r.activity_type IN (:...types))',
        { types: filter.types },
      );
    }
    const entities = await qb.getMany();
    if (entities.length === 0) return [];
    const ids = entities.map((entity) => entity.id);
    // One after the other: inside a transaction they share one connection.
    const rules = await manager.find(ContestRuleEntity, { where: { contestId: In(ids) } });
    const multipliers = await manager.find(ContestMultiplierEntity, {
      where: { contestId: In(ids) },
    });
    const participants = await manager.find(ContestParticipantEntity, {
      where: { contestId: In(ids) },
    });
    const of = <T extends { contestId: string }>(rows: T[], id: string) =>
      rows.filter((row) => row.contestId === id);
    return entities.map((entity) =>
      toLoadedContest(
        entity,
        of(rules, entity.id),
        of(multipliers, entity.id),
        of(participants, entity.id),
      ),
    );
  }

  /** Non-voided activities that a contest's rules could count (individual mode: its reps only). */
  async loadActivities(
    manager: EntityManager,
    contest: LoadedContest,
    filter: { userId?: string; from?: Date; to?: Date; type?: string },
  ): Promise<ScoringActivity[]> {
    if (contest.ruleTypes.length === 0) return [];
    const from = filter.from ?? contest.entity.startsAt;
    const to = filter.to ?? contest.entity.endsAt;
    const types = filter.type ? [filter.type] : contest.ruleTypes;
    const params: unknown[] = [contest.entity.orgId, from, to, types];
    let sql = `
      SELECT a.id, a.user_id AS "userId", t.key AS "activityType", a.quantity, a.occurred_at AS "occurredAt"
      FROM activities a JOIN activity_types t ON t.id = a.activity_type_id
      WHERE a.org_id = $1 AND a.voided_at IS NULL AND a.occurred_at >= $2 AND a.occurred_at < $3 AND t.key = ANY($4)`;
    if (filter.userId) {
      params.push(filter.userId);
      sql += ` AND a.user_id = $${params.length}`;
    }
    if (listsItsReps(contest)) {
      params.push(contest.participantIds);
      sql += ` AND a.user_id = ANY($${params.length}::uuid[])`;
    }
    return manager.query(sql, params);
  }

  private counts(contest: LoadedContest, activity: LoggedActivity): boolean {
    const { startsAt, endsAt } = contest.entity;
    return (
      contest.ruleTypes.includes(activity.activityType) &&
      activity.occurredAt.getTime() >= startsAt.getTime() &&
      activity.occurredAt.getTime() < endsAt.getTime()
    );
  }

  /**
   * Scores a rep's new activities in one contest. Per activity type: without caps, order cannot
   * matter and each new activity simply adds its points (`scoreUncapped`, computed in memory);
   * with caps, every activity of that type from the earliest new one on (in the fixed order) is
   * scored again, continuing the cap usage of the ones before it — so a back-dated activity
   * re-scores just the suffix it affects (`rescoreCapped`, with the rep's score row locked).
   */
  private scoreUncapped(
    contest: LoadedContest,
    activities: LoggedActivity[],
  ): { rows: ScoredActivity[]; delta: Decimal } {
    const rows = [...activities]
      .sort(compareActivities)
      .filter((activity) => !this.isCapped(contest, activity.activityType))
      .map((activity) => scoreActivity(contest.scoring, activity, { totalUnits: 0, dayUnits: 0 }))
      .filter((row): row is ScoredActivity => row !== null);
    return { rows, delta: rows.reduce((sum, row) => sum.plus(row.points), new Decimal(0)) };
  }

  private async rescoreCapped(
    manager: EntityManager,
    contest: LoadedContest,
    userId: string,
    activities: LoggedActivity[],
    lines: LineDeltas,
  ): Promise<void> {
    const sorted = [...activities].sort(compareActivities);
    const cappedTypes = [...new Set(sorted.map((activity) => activity.activityType))].filter(
      (type) => this.isCapped(contest, type),
    );
    let delta = new Decimal(0);
    for (const type of cappedTypes) {
      const first = sorted.find((activity) => activity.activityType === type)!;
      delta = delta.plus(await this.rescoreFrom(manager, contest, userId, type, first, lines));
    }
    await this.addPoints(manager, contest.entity.id, userId, delta);
  }

  /** Takes a voided activity out: its own points, and under a capped rule the suffix after it. */
  private async removeActivity(
    manager: EntityManager,
    contest: LoadedContest,
    userId: string,
    activity: { id: string; activityType: string; occurredAt: Date },
    lines: LineDeltas,
  ): Promise<void> {
    const removed = await deleteReturning(
      manager,
      `DELETE FROM contest_activity_scores WHERE contest_id = $1 AND activity_id = $2 RETURNING ${RETURNED_LINE}`,
      [contest.entity.id, activity.id],
    );
    lines.add(contest.entity.id, removed, -1);
    let delta = removed.reduce((sum, row) => sum.minus(row.points), new Decimal(0));
    if (this.isCapped(contest, activity.activityType)) {
      delta = delta.plus(
        await this.rescoreFrom(manager, contest, userId, activity.activityType, activity, lines),
      );
    }
    await this.addPoints(manager, contest.entity.id, userId, delta);
  }

  /**
   * Re-scores the rep's activities of one type from `from` (inclusive, fixed order) to the end,
   * on top of the cap usage of the rows before it. Answers the change in points.
   */
  private async rescoreFrom(
    manager: EntityManager,
    contest: LoadedContest,
    userId: string,
    type: string,
    from: { id: string; occurredAt: Date },
    lines: LineDeltas,
  ): Promise<Decimal> {
    const contestId = contest.entity.id;
    const removed = await deleteReturning(
      manager,
      `DELETE FROM contest_activity_scores
       WHERE contest_id = $1 AND user_id = $2 AND activity_type = $3 AND (occurred_at, activity_id) >= ($4, $5)
       RETURNING ${RETURNED_LINE}`,
      [contestId, userId, type, from.occurredAt, from.id],
    );
    lines.add(contestId, removed, -1);
    const suffix = (
      await this.loadActivities(manager, contest, { userId, type, from: from.occurredAt })
    ).filter((activity) => compareActivities(activity, from) >= 0);
    suffix.sort(compareActivities);
    const days = [
      ...new Set(suffix.map((activity) => localDay(activity.occurredAt, contest.entity.timezone))),
    ];
    const usageRows: { local_day: string | null; units: string }[] = await manager.query(
      `SELECT to_char(local_day, 'YYYY-MM-DD') AS local_day, sum(counted_units)::text AS units
       FROM contest_activity_scores WHERE contest_id = $1 AND user_id = $2 AND activity_type = $3
       GROUP BY GROUPING SETS ((), (local_day))
       HAVING local_day IS NULL OR to_char(local_day, 'YYYY-MM-DD') = ANY($4)`,
      [contestId, userId, type, days],
    );
    let total = new Decimal(usageRows.find((row) => row.local_day === null)?.units ?? 0);
    const perDay = new Map(
      usageRows
        .filter((row) => row.local_day)
        .map((row) => [row.local_day!, new Decimal(row.units)]),
    );

    const scored: ScoredActivity[] = [];
    for (const activity of suffix) {
      const day = localDay(activity.occurredAt, contest.entity.timezone);
      const result = scoreActivity(contest.scoring, activity, {
        totalUnits: total,
        dayUnits: perDay.get(day) ?? 0,
      });
      if (!result) continue;
      total = total.plus(result.countedUnits);
      perDay.set(day, (perDay.get(day) ?? new Decimal(0)).plus(result.countedUnits));
      scored.push(result);
    }
    await this.insertActivityScores(manager, contest.entity, scored);
    lines.add(contestId, scored);
    const added = scored.reduce((sum, row) => sum.plus(row.points), new Decimal(0));
    return removed.reduce((sum, row) => sum.minus(row.points), added);
  }

  private isCapped(contest: LoadedContest, type: string): boolean {
    const rule = contest.scoring.rules.find((candidate) => candidate.activityType === type);
    return !!rule && (rule.dailyCap != null || rule.totalCap != null);
  }

  private async addPoints(
    manager: EntityManager,
    contestId: string,
    userId: string,
    delta: Decimal,
  ): Promise<void> {
    if (delta.isZero()) return;
    await manager.query(
      `UPDATE contest_scores SET points = points + $3, updated_at = now() WHERE contest_id = $1 AND user_id = $2`,
      [contestId, userId, delta.toString()],
    );
  }

  private async insertScores(
    manager: EntityManager,
    contest: ContestKey,
    scores: ParticipantScore[],
  ): Promise<void> {
    const { orgId, id: contestId } = contest;
    for (let i = 0; i < scores.length; i += INSERT_CHUNK) {
      const chunk = scores.slice(i, i + INSERT_CHUNK);
      await manager.insert(
        ContestScoreEntity,
        chunk.map((score) => ({ orgId, contestId, userId: score.userId, points: score.points })),
      );
    }
    await this.insertActivityScores(
      manager,
      contest,
      scores.flatMap((score) => score.explanation),
    );
    const lines = new LineDeltas(orgId);
    for (const score of scores) {
      lines.add(
        contestId,
        score.breakdown.map((line) => ({ ...line, userId: score.userId, quantity: line.units })),
      );
    }
    await lines.write(manager);
  }

  private async insertActivityScores(
    manager: EntityManager,
    contest: ContestKey,
    rows: ScoredActivity[],
  ): Promise<void> {
    await this.insertActivityScoreRows(
      manager,
      contest.orgId,
      rows.map((row) => ({ contestId: contest.id, row })),
    );
  }

  /** Scored activity rows of contests of one organisation. */
  private async insertActivityScoreRows(
    manager: EntityManager,
    orgId: string,
    scored: Array<{ contestId: string; row: ScoredActivity }>,
  ): Promise<void> {
    for (let i = 0; i < scored.length; i += INSERT_CHUNK) {
      await manager.insert(
        ContestActivityScoreEntity,
        scored.slice(i, i + INSERT_CHUNK).map(({ contestId, row }) => ({
          orgId,
          contestId,
          activityId: row.activityId,
          userId: row.userId,
          activityType: row.activityType,
          occurredAt: row.occurredAt,
          localDay: row.localDay,
          quantity: row.quantity,
          countedUnits: row.countedUnits,
          multiplier: row.multiplier,
          points: row.points,
        })),
      );
    }
  }

  /**
   * Creates the reps' score rows where needed, adds `delta` to each, and so locks them all for the
   * rest of the transaction — in (contest_id, user_id) order, whatever order the caller gives.
   * One upsert: ON CONFLICT DO UPDATE locks each existing row as it goes, in the input's order.
   */
  private async lockScores(
    manager: EntityManager,
    orgId: string,
    scores: Array<{ contestId: string; userId: string; delta?: Decimal }>,
  ): Promise<void> {
    if (scores.length === 0) return;
    const sorted = [...scores].sort((a, b) =>
      a.contestId === b.contestId
        ? compareIds(a.userId, b.userId)
        : compareIds(a.contestId, b.contestId),
    );
    await manager.query(
      `INSERT INTO contest_scores AS s (org_id, contest_id, user_id, points)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::uuid[], $4::numeric[])
       ON CONFLICT (contest_id, user_id)
       DO UPDATE SET points = s.points + EXCLUDED.points, updated_at = now()`,
      [
        orgId,
        sorted.map((score) => score.contestId),
        sorted.map((score) => score.userId),
        sorted.map((score) => (score.delta ?? new Decimal(0)).toString()),
      ],
    );
  }

  /** Lock order step 1 for recording and voiding activities. */
  async lockForActivityWrites(manager: EntityManager, orgId: string): Promise<void> {
    await this.lockOrg(manager, orgId, 'shared');
  }

  /** Lock order step 1 for contest edits, publishing and re-scores: excludes activity writes. */
  async lockForContestChange(manager: EntityManager, orgId: string): Promise<void> {
    await this.lockOrg(manager, orgId, 'exclusive');
  }

  private async lockOrg(
    manager: EntityManager,
    orgId: string,
    mode: 'shared' | 'exclusive',
  ): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT ${fn}($1, hashtext($2))`, [ADVISORY_NAMESPACE, orgId]);
  }
}

/**
 * An individual contest of listed reps scores only them; team contests and contests open to
 * everyone or to teams' members score every rep (who is on the board follows the roster live).
 */
function listsItsReps(contest: LoadedContest): boolean {
  return contest.entity.mode === 'individual' && contest.entity.participantScope === 'listed';
}

/**
 * UUIDs in the order PostgreSQL sorts the uuid type (bytewise, which for lowercase hex text is
 * the string order), so "sorted" means the same here and in an ORDER BY.
 */
function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The columns a DELETE of scored activities returns, to take them out of the breakdown lines. */
const RETURNED_LINE = `user_id AS "userId", activity_type AS "activityType", quantity::text AS quantity,
  counted_units::text AS "countedUnits", points::text AS points`;

/** TypeORM answers a DELETE … RETURNING on PostgreSQL as `[rows, affected]`. */
async function deleteReturning(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<LineRow[]> {
  const [rows] = (await manager.query(sql, params)) as [LineRow[], number];
  return rows;
}
