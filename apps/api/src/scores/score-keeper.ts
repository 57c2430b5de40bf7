import { type ParticipantScore } from '@arena/scoring';
import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ContestMultiplierEntity } from '../contests/entities/contest-multiplier.entity';
import { ContestRuleEntity } from '../contests/entities/contest-rule.entity';
import { ContestEntity } from '../contests/entities/contest.entity';
import { ContestCatalog } from './contest-catalog';
import {
  CONTEST_LOCK_NAMESPACE,
  IncrementalScorer,
  ORG_LOCK_NAMESPACE,
  type NewActivityRow,
  type RecordOutcome,
} from './incremental-scorer';
import { ContestRescorer } from './contest-rescorer';
import { toLoadedContest, type LoadedContest } from './scoring-contest';
import { ensureBoardRows } from './standings';

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
 *      that contest's in-flight writers only, and other contests keep ingesting. A writer only
 *      tries them (`arena_try_contest_locks`): one a re-score holds or waits for rolls the writer
 *      back, and it waits for that contest outside any transaction before running again
 *      (`runTransaction`) — it never waits holding its activities, which a re-score swapping in
 *      a partition needs to lock;
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
  /** Full re-scores and verification, streamed. */
  readonly rescorer = new ContestRescorer();

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

  /**
   * Recomputes a whole contest from the log (after publishing or editing it), streamed rep by rep
   * (`ContestRescorer`): memory stays flat whatever the log's size.
   */
  async rescoreContest(manager: EntityManager, orgId: string, contestId: string): Promise<void> {
    await this.lockContestForRescore(manager, contestId);
    const [contest] = await this.loadContests(manager, orgId, { ids: [contestId] });
    // Drafts and archived contests keep no scores; a re-score replaces what was kept.
    if (!contest) return this.rescorer.clear(manager, contestId);
    await this.rescorer.rescore(manager, contest);
    // Every row it wrote has its current name and board membership (read under FOR SHARE).
    await ensureBoardRows(manager, contest.entity.id, { refresh: false });
    // A big board's statistics are refreshed once this commits (ContestsService: ANALYZE outside
    // the transaction, so re-scores of two contests never wait for each other's ANALYZE).
  }

  /**
   * Scores every participant of a contest from the log, without storing anything (previews: the
   * participants are the design's, which need not be stored).
   */
  async computeContest(
    manager: EntityManager,
    contest: LoadedContest,
  ): Promise<Map<string, ParticipantScore>> {
    const scores = new Map<string, ParticipantScore>();
    await this.rescorer.forEachScore(manager, contest, contest.participantIds, (score) => {
      if (score.explanation.length > 0) scores.set(score.userId, score);
    });
    return scores;
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
