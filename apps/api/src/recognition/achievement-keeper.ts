import { ACHIEVEMENT_BADGES, type ContestAchievement } from '@arena/contracts';
import { evaluateAchievements, type EarnedAchievement } from '@arena/scoring';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/domain-events';
import { KeyedCoalescer } from '../common/keyed-coalescer';
import { OrgSql, type ScopedSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { LeaderboardService } from '../contests/leaderboard.service';
import { ScoreKeeper } from '../scores/score-keeper';
import type { LoadedContest } from '../scores/scoring-contest';
import { RecognitionsService } from './recognitions.service';

/** Achievements are re-evaluated at most this often per contest while its scores change. */
export const ACHIEVEMENT_COALESCE_MS = 500;
const ADVISORY_NAMESPACE = 7303;
const RETRACTION = 'No longer earned: the scores changed (a void, a late activity or a rule edit).';

/**
 * Keeps each contest's automatic achievements equal to what its scores earn
 * (`evaluateAchievements`): after score changes, edits and the end of a contest it awards what
 * is newly earned and retracts, visibly, what no longer is. Evaluations of one contest are
 * serialised by an advisory lock and an award is unique per (contest, key) while active, so two
 * instances or a retry never award anything twice. An award an admin retracted by hand stays
 * retracted.
 */
@Injectable()
export class AchievementKeeper implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AchievementKeeper');
  /**
   * Per contest, the organisation it belongs to. Waiting evaluations are dropped on a stop:
   * start-up evaluates every contest with achievements again (`onApplicationBootstrap`).
   */
  private readonly evaluations = new KeyedCoalescer<string>({
    windowMs: ACHIEVEMENT_COALESCE_MS,
    edge: 'trailing',
    onStop: 'drop',
    run: (contestId, orgId) => this.evaluate(orgId, contestId),
    onError: (contestId, error) =>
      this.logger.error(`Achievements of ${contestId}: ${String(error)}`),
  });

  constructor(
    private readonly transactions: Transactions,
    private readonly sql: OrgSql,
    private readonly scoreKeeper: ScoreKeeper,
    private readonly leaderboards: LeaderboardService,
    private readonly recognitions: RecognitionsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('scores-changed', (event) => {
      for (const contestId of event.contestIds) this.notify(event.orgId, contestId);
    });
    this.events.on('contest-changed', (event) => this.notify(event.orgId, event.contestId));
    this.events.on('contest-ended', (event) => this.notify(event.orgId, event.contestId));
  }

  /**
   * At start, every kept contest with achievements is evaluated once: an evaluation that a stop
   * or a crash cut short is made good.
   */
  async onApplicationBootstrap(): Promise<void> {
    // eslint-disable-next-line no-restricted-syntax -- a start-up scan of every organisation's contests; each is then evaluated as its own organisation
    const contests = await this.sql.unscopedQuery<{ id: string; org_id: string }>(
      `SELECT id, org_id FROM contests
       WHERE published_at IS NOT NULL AND archived_at IS NULL AND achievements <> '[]'::jsonb`,
    );
    for (const contest of contests) this.notify(contest.org_id, contest.id);
  }

  async onModuleDestroy(): Promise<void> {
    await this.evaluations.stop();
  }

  notify(orgId: string, contestId: string): void {
    this.evaluations.notify(contestId, () => orgId);
  }

  /** Resolves once every evaluation owed so far has run. */
  whenIdle(): Promise<void> {
    return this.evaluations.whenIdle();
  }

  /** Awards and retracts what the contest's scores say, now. Safe to call concurrently. */
  evaluate(orgId: string, contestId: string): Promise<void> {
    return RequestContext.runAsOrg(orgId, () => this.evaluateInOrg(contestId));
  }

  private async evaluateInOrg(contestId: string): Promise<void> {
    const orgId = RequestContext.orgId();
    const changes = await this.transactions.run(async (manager) => {
      const sql = this.sql.withManager(manager);
      await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [
        ADVISORY_NAMESPACE,
        contestId,
      ]);
      const [contest] = await this.scoreKeeper.loadContests(manager, orgId, { ids: [contestId] });
      if (!contest) return null; // drafts have no scores; archived contests keep what they had
      const earned = await this.earned(manager, sql, contest);
      // An award is its key and its recipient: a late activity can make someone else the first.
      const active = await sql.query<{ id: string; award: string }>(
        `SELECT id, achievement_key || '|' || coalesce(recipient_user_id, recipient_team_id) AS award
         FROM recognitions WHERE org_id = $1 AND contest_id = $2 AND kind = 'achievement' AND retracted_at IS NULL`,
        [contestId],
      );
      const handRetracted = new Set<string>(
        (
          await sql.query<{ award: string }>(
            `SELECT DISTINCT achievement_key || '|' || coalesce(recipient_user_id, recipient_team_id) AS award
             FROM recognitions WHERE org_id = $1 AND contest_id = $2 AND kind = 'achievement' AND retracted_by IS NOT NULL`,
            [contestId],
          )
        ).map((row) => row.award),
      );
      const awardOf = (award: EarnedAchievement) => `${award.key}|${award.participantId}`;
      const earnedAwards = new Set(earned.map(awardOf));
      const activeAwards = new Set(active.map((row) => row.award));
      const retracted = active.filter((row) => !earnedAwards.has(row.award));
      if (retracted.length > 0) {
        await sql.query(
          `UPDATE recognitions SET retracted_at = now(), retraction_reason = $3 WHERE org_id = $1 AND id = ANY($2)`,
          [retracted.map((row) => row.id), RETRACTION],
        );
      }
      const awarded: string[] = [];
      const fresh = earned.filter(
        (award) => !activeAwards.has(awardOf(award)) && !handRetracted.has(awardOf(award)),
      );
      for (const award of fresh) {
        const [row] = await sql.query<{ id: string }>(
          `INSERT INTO recognitions (org_id, kind, badge_id, recipient_user_id, recipient_team_id, contest_id,
             achievement_kind, achievement_key, "placing", message, prize)
           VALUES ($1, 'achievement', (SELECT id FROM badges WHERE org_id = $1 AND key = $2 AND retired_at IS NULL),
             $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (contest_id, achievement_key) WHERE achievement_key IS NOT NULL AND retracted_at IS NULL
           DO NOTHING RETURNING id`,
          [
            ACHIEVEMENT_BADGES[award.kind],
            contest.entity.mode === 'team' ? null : award.participantId,
            contest.entity.mode === 'team' ? award.participantId : null,
            contestId,
            award.kind,
            award.key,
            award.placing,
            await this.message(sql, contest, award),
            award.prize,
          ],
        );
        if (row) awarded.push(row.id);
      }
      return { awarded, retracted: retracted.map((row) => row.id) };
    });
    if (!changes) return;
    for (const recognition of await this.recognitions.dtos(changes.retracted))
      this.events.publish({
        kind: 'recognition',
        orgId,
        change: 'retracted',
        recognition,
        celebrate: false,
      });
    for (const recognition of await this.recognitions.dtos(changes.awarded)) {
      // Goals and new leaders are celebrated by the live board already, at the moment they happen.
      const kind = recognition.achievement?.kind;
      const celebrate = kind !== 'goal_reached' && kind !== 'new_leader';
      this.events.publish({
        kind: 'recognition',
        orgId,
        change: 'awarded',
        recognition,
        celebrate,
      });
    }
  }

  private async earned(
    manager: EntityManager,
    sql: ScopedSql,
    contest: LoadedContest,
  ): Promise<EarnedAchievement[]> {
    const achievements = contest.entity.achievements ?? [];
    if (achievements.length === 0) return [];
    const entries = await this.leaderboards.rankedEntries(manager, contest);
    const team = contest.entity.mode === 'team';
    const members = team
      ? await sql.query<{ id: string; team_id: string }>(
          `SELECT id, team_id FROM users WHERE org_id = $1 AND active AND team_id = ANY($2::uuid[])`,
          [contest.participantIds],
        )
      : [];
    const needsRows = achievements.some((a) =>
      ['milestone', 'streak', 'new_leader'].includes(a.kind),
    );
    const rows: Array<Record<string, string | Date>> = needsRows
      ? await sql.query(
          `SELECT activity_id AS "activityId", user_id AS "userId", activity_type AS "activityType",
                  occurred_at AS "occurredAt", to_char(local_day, 'YYYY-MM-DD') AS "localDay",
                  counted_units::text AS "countedUnits", points::text AS points
           FROM contest_activity_scores s
           WHERE s.contest_id = $2 AND EXISTS (SELECT 1 FROM contests c WHERE c.id = s.contest_id AND c.org_id = $1)`,
          [contest.entity.id],
        )
      : [];
    return evaluateAchievements({
      achievements,
      participants: entries.map((entry) => ({
        id: entry.participant.id,
        memberIds: team
          ? members.filter((m) => m.team_id === entry.participant.id).map((m) => m.id)
          : [entry.participant.id],
      })),
      teamAggregation: contest.entity.teamAggregation,
      rows: rows as never,
      board: entries.map((entry) => ({
        participantId: entry.participant.id,
        rank: entry.rank,
        points: entry.points,
        goalReached: entry.goalReached,
      })),
      ended: Date.now() >= contest.entity.endsAt.getTime(),
      prizes: contest.entity.prizes,
    });
  }

  private async message(
    sql: ScopedSql,
    contest: LoadedContest,
    award: EarnedAchievement,
  ): Promise<string> {
    const name = contest.entity.name;
    const a: ContestAchievement = award.achievement;
    const label = async () => {
      const [type] = await sql.query(
        `SELECT label FROM activity_types WHERE org_id = $1 AND key = $2`,
        [a.activityType],
      );
      return (type?.label as string | undefined)?.toLowerCase() ?? a.activityType ?? '';
    };
    switch (award.kind) {
      case 'goal_reached':
        return `Reached the goal of ${Number(contest.entity.goalPoints).toLocaleString('en')} points in ${name}`;
      case 'new_leader':
        return `Took the lead in ${name}`;
      case 'milestone':
        return `First to ${a.units} × ${await label()} in ${name}`;
      case 'streak':
        return `${a.days} days in a row with at least ${a.minUnitsPerDay} × ${await label()} in ${name}`;
      case 'final_placings':
        return `Finished ${ordinal(award.placing ?? 0)} in ${name}${award.prize ? ` — prize: ${award.prize}` : ''}`;
    }
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
