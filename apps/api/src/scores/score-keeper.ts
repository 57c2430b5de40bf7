import {
  scoreParticipant,
  type ParticipantScore,
  type ScoredActivity,
  type ScoringActivity,
} from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { In, type EntityManager } from 'typeorm';
import { ContestMultiplierEntity } from '../contests/entities/contest-multiplier.entity';
import { ContestRuleEntity } from '../contests/entities/contest-rule.entity';
import { ContestEntity } from '../contests/entities/contest.entity';
import { ContestActivityScoreEntity } from './entities/contest-activity-score.entity';
import { ContestScoreLineEntity } from './entities/contest-score-line.entity';
import { ContestScoreEntity } from './entities/contest-score.entity';
import { ContestCatalog } from './contest-catalog';
import {
  CONTEST_LOCK_NAMESPACE,
  IncrementalScorer,
  ORG_LOCK_NAMESPACE,
  type NewActivityRow,
  type RecordOutcome,
} from './incremental-scorer';
import { toLoadedContest, type LoadedContest } from './scoring-contest';

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
 * the caller's transaction. New activities and voids are scored incrementally and set-based
 * (`IncrementalScorer`: a fixed number of statements per call, whatever its size; under capped
 * rules only the affected rep/type stretch — or local day, under a daily cap only — is scored
 * again); a contest change re-scores that contest from the log.
 *
 * Contest definitions come from the per-instance `ContestCatalog` (no participant lists: who
 * takes part is decided in SQL, `takesPartSql`).
 *
 * THE LOCK ORDER. Every write path takes its locks in this one order, so two writers never wait
 * for each other in a cycle:
 *   1. the organisation's advisory lock — shared for activity writes (record, batch, void), so
 *      writers never wait for each other; exclusive for a contest definition change (edit,
 *      publish, archive: `lockForContestChange`), held only for the short transaction that
 *      changes the definition and bumps `organizations.contests_version`, never for a re-score;
 *   2. the one row a call changes by id (the activity being voided, the contest being edited),
 *      FOR NO KEY UPDATE: other writers' foreign-key checks (FOR KEY SHARE on activities and
 *      contests, taken by every insert into the score tables) never wait for it;
 *   3. new `activities` rows, inserted in externalId order (the unique index entries of a batch);
 *   4. per-contest advisory locks, sorted by contest id: shared for the contests an activity
 *      write scores; exclusive for a full re-score of that contest (`rescoreContest`, in its own
 *      transaction after the definition change, taking nothing of 1–3) — so a re-score waits for
 *      that contest's in-flight writers only, and other contests keep ingesting;
 *   5. every `contest_scores` row the call touches, all at once, sorted by (contest_id, user_id),
 *      before any of them is read or changed;
 *   6. `contest_activity_scores` and `contest_score_lines` rows of those reps, which only a holder
 *      of their score row writes (lines in (contest, rep, type) order).
 * A writer learns the contests' definitions after step 1 (`contests_version`, read in its first
 * statement): a definition change waits for in-flight writers and no writer commits with an
 * older definition. Whatever still collides (a deadlock, a serialisation failure) is run again by
 * runTransaction.
 */
@Injectable()
export class ScoreKeeper {
  private readonly incremental: IncrementalScorer;

  constructor(readonly catalog: ContestCatalog = new ContestCatalog()) {
    this.incremental = new IncrementalScorer(catalog);
  }

  /**
   * Inserts new activities (a repeated externalId inserts nothing) and scores them, in the
   * caller's transaction: lock order steps 1 and 3–6, in a fixed number of statements.
   */
  async recordActivities(manager: EntityManager, rows: NewActivityRow[]): Promise<RecordOutcome> {
    return this.incremental.record(manager, rows);
  }

  /**
   * Takes a voided activity out of every contest where it counted (after lock order steps 1–2:
   * the caller holds the organisation's shared lock and the activity's row).
   */
  async onVoided(
    manager: EntityManager,
    activity: {
      id: string;
      orgId: string;
      userId: string;
      activityTypeId: string;
      occurredAt: Date;
    },
  ): Promise<string[]> {
    return this.incremental.void(manager, activity);
  }

  /** Recomputes a whole contest from the log (after publishing or editing it). */
  async rescoreContest(manager: EntityManager, orgId: string, contestId: string): Promise<void> {
    await this.lockContestForRescore(manager, contestId);
    await manager.delete(ContestActivityScoreEntity, { contestId });
    await manager.delete(ContestScoreLineEntity, { contestId });
    await manager.delete(ContestScoreEntity, { contestId });
    const [contest] = await this.loadContests(manager, orgId, { ids: [contestId] });
    if (!contest) return; // drafts and archived contests keep no scores
    const scores = await this.computeContest(manager, contest);
    await this.insertScores(manager, contest.entity, [...scores.values()]);
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
    // Ids only, not entities: an individual contest may list 100,000 reps. Writers never load
    // them (they use the catalog); this loader serves contest views, previews and boards.
    const participants: Array<{ contestId: string; userId: string | null; teamId: string | null }> =
      await manager.query(
        `SELECT contest_id AS "contestId", user_id AS "userId", team_id AS "teamId"
         FROM contest_participants WHERE org_id = $1 AND contest_id = ANY($2::uuid[])`,
        [orgId, ids],
      );
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
    if (contest.entity.mode === 'individual') {
      params.push(contest.participantIds);
      sql += ` AND a.user_id = ANY($${params.length}::uuid[])`;
    }
    return manager.query(sql, params);
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

  /** Lock order step 1 for recording and voiding activities. */
  async lockForActivityWrites(manager: EntityManager, orgId: string): Promise<void> {
    await this.lockOrg(manager, orgId, 'shared');
  }

  /**
   * Lock order step 1 for contest definition changes: excludes activity writes of the
   * organisation, so hold it only for the short transaction that changes the definition and bumps
   * the catalog version (`ContestCatalog.bump`) — never for a re-score.
   */
  async lockForContestChange(manager: EntityManager, orgId: string): Promise<void> {
    await this.lockOrg(manager, orgId, 'exclusive');
  }

  /**
   * Lock order step 4 for a full re-score: the contest's exclusive lock waits for the writers
   * scoring this contest now, and holds back new ones until the re-score commits; writers of
   * other contests never wait for it.
   */
  async lockContestForRescore(manager: EntityManager, contestId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      CONTEST_LOCK_NAMESPACE,
      contestId,
    ]);
  }

  private async lockOrg(
    manager: EntityManager,
    orgId: string,
    mode: 'shared' | 'exclusive',
  ): Promise<void> {
    const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
    await manager.query(`SELECT ${fn}($1, hashtext($2))`, [ORG_LOCK_NAMESPACE, orgId]);
  }
}
