import {
  compareActivities,
  localDay,
  scoreActivity,
  type ScoredActivity,
  type ScoringActivity,
} from '@arena/scoring';
import Decimal from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../common/prepared-query';
import { capKind, type CatalogContest, type ContestCatalog } from './contest-catalog';
import { takesPartSql } from './participation';

/** Namespaces of the advisory locks (`pg_advisory_xact_lock(namespace, hashtext(id))`). */
export const ORG_LOCK_NAMESPACE = 7301;
export const CONTEST_LOCK_NAMESPACE = 7302;

/** A new activity as a writer stores it. */
export interface NewActivityRow {
  id: string;
  orgId: string;
  userId: string;
  activityTypeId: string;
  /** Activity-type key. */
  activityType: string;
  quantity: string;
  occurredAt: Date;
  source: string;
  externalId: string | null;
  note: string | null;
  recordedBy: string | null;
  apiKeyId: string | null;
}

/** What recording answers: the rows actually inserted, and per activity the contests it counts in. */
export interface RecordOutcome {
  /** Activity id → recorded_at, for the rows inserted (a repeated externalId inserts nothing). */
  inserted: Map<string, Date>;
  counted: Map<string, string[]>;
}

/**
 * The stretch of a rep's scored activities of one type, in one contest, that a change re-scores:
 * - `total` (a total cap): every row from `from` on (fixed order), on top of the counted units
 *   before it in total and on `from`'s local day;
 * - `day` (a daily cap only): the rows of `from`'s local day from `from` on;
 * - `one` (no cap, a void): just the row of `from`.
 */
interface Segment {
  contest: CatalogContest;
  userId: string;
  activityType: string;
  kind: 'total' | 'day' | 'one';
  from: { id: string; occurredAt: Date };
  fromDay: string;
  /** New activities of the segment, to be scored with it. */
  added: ScoringActivity[];
  /** Ids of activities that leave the segment (voided). */
  removed: Set<string>;
}

interface StoredRow {
  id: string;
  occurredAt: string;
  quantity: string;
  countedUnits: string;
  multiplier: string;
  points: string;
}

/** The rows, score deltas and breakdown-line deltas of one scoring call, written by one statement. */
class ScoreWrites {
  readonly upserts: Array<{ contestId: string; row: ScoredActivity }> = [];
  readonly deletes: Array<{ contestId: string; activityId: string }> = [];
  private readonly points = new Map<
    string,
    { contestId: string; userId: string; delta: Decimal }
  >();
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

  change(
    contestId: string,
    userId: string,
    activityType: string,
    units: Decimal.Value,
    counted: Decimal.Value,
    points: Decimal.Value,
  ): void {
    const key = `${contestId}|${userId}`;
    const score = this.points.get(key) ?? { contestId, userId, delta: new Decimal(0) };
    score.delta = score.delta.plus(points);
    this.points.set(key, score);
    const lineKey = `${key}|${activityType}`;
    const line = this.lines.get(lineKey) ?? {
      contestId,
      userId,
      activityType,
      units: new Decimal(0),
      counted: new Decimal(0),
      points: new Decimal(0),
    };
    line.units = line.units.plus(units);
    line.counted = line.counted.plus(counted);
    line.points = line.points.plus(points);
    this.lines.set(lineKey, line);
  }

  get empty(): boolean {
    return this.upserts.length === 0 && this.deletes.length === 0 && this.points.size === 0;
  }

  /**
   * One statement: scored rows deleted and upserted, score rows' points moved, breakdown lines
   * upserted (in (contest, rep, type) order). The caller holds every score row already (lock
   * order step 5), so nothing here waits on another writer of the same reps.
   */
  async write(manager: EntityManager, orgId: string): Promise<void> {
    if (this.empty) return;
    const points = [...this.points.values()].filter((score) => !score.delta.isZero());
    points.sort((a, b) => compareKeys([a.contestId, a.userId], [b.contestId, b.userId]));
    const lines = [...this.lines.values()]
      .filter((line) => !(line.units.isZero() && line.counted.isZero() && line.points.isZero()))
      .sort((a, b) =>
        compareKeys(
          [a.contestId, a.userId, a.activityType],
          [b.contestId, b.userId, b.activityType],
        ),
      );
    const rows = [...this.upserts].sort((a, b) =>
      compareKeys([a.contestId, a.row.activityId], [b.contestId, b.row.activityId]),
    );
    await writePathQuery(
      manager,
      Math.max(rows.length, this.deletes.length, points.length, lines.length),
      `WITH removed AS (
         DELETE FROM contest_activity_scores x
         USING unnest($2::uuid[], $3::uuid[]) AS d(contest_id, activity_id)
         WHERE x.org_id = $1 AND x.contest_id = d.contest_id AND x.activity_id = d.activity_id
         RETURNING 1),
       scored AS (
         INSERT INTO contest_activity_scores AS x (org_id, contest_id, activity_id, user_id,
           activity_type, occurred_at, local_day, quantity, counted_units, multiplier, points)
         SELECT $1, * FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::varchar[],
           $8::timestamptz[], $9::date[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])
         ON CONFLICT (org_id, activity_id, contest_id) DO UPDATE SET counted_units = EXCLUDED.counted_units,
           multiplier = EXCLUDED.multiplier, points = EXCLUDED.points
         RETURNING 1),
       moved AS (
         UPDATE contest_scores s SET points = s.points + d.delta, updated_at = now()
         FROM unnest($14::uuid[], $15::uuid[], $16::numeric[]) AS d(contest_id, user_id, delta)
         WHERE s.org_id = $1 AND s.contest_id = d.contest_id AND s.user_id = d.user_id
         RETURNING 1),
       lines AS (
         INSERT INTO contest_score_lines AS l (org_id, contest_id, user_id, activity_type, units,
           counted_units, points)
         SELECT $1, * FROM unnest($17::uuid[], $18::uuid[], $19::varchar[], $20::numeric[],
           $21::numeric[], $22::numeric[])
         ON CONFLICT (contest_id, user_id, activity_type) DO UPDATE SET
           units = l.units + EXCLUDED.units,
           counted_units = l.counted_units + EXCLUDED.counted_units,
           points = l.points + EXCLUDED.points
         RETURNING 1)
       SELECT (SELECT count(*) FROM removed) AS removed, (SELECT count(*) FROM scored) AS scored,
         (SELECT count(*) FROM moved) AS moved, (SELECT count(*) FROM lines) AS lines`,
      [
        orgId,
        this.deletes.map((d) => d.contestId),
        this.deletes.map((d) => d.activityId),
        rows.map(({ contestId }) => contestId),
        rows.map(({ row }) => row.activityId),
        rows.map(({ row }) => row.userId),
        rows.map(({ row }) => row.activityType),
        rows.map(({ row }) => row.occurredAt),
        rows.map(({ row }) => row.localDay),
        rows.map(({ row }) => row.quantity),
        rows.map(({ row }) => row.countedUnits),
        rows.map(({ row }) => row.multiplier),
        rows.map(({ row }) => row.points),
        points.map((p) => p.contestId),
        points.map((p) => p.userId),
        points.map((p) => p.delta.toString()),
        lines.map((l) => l.contestId),
        lines.map((l) => l.userId),
        lines.map((l) => l.activityType),
        lines.map((l) => l.units.toString()),
        lines.map((l) => l.counted.toString()),
        lines.map((l) => l.points.toString()),
      ],
    );
  }
}

/**
 * Incremental scoring, set-based: whatever the number of activities, reps and contests in a call,
 * it costs a fixed number of statements.
 *
 * Recording (`record`): one statement takes the organisation's shared lock, inserts the
 * activities, finds in SQL the (contest, rep) pairs where each one counts (`takesPartSql`), takes
 * those contests' shared locks and every pair's score row (sorted); then — for capped rules only —
 * one statement reads the cap usage and the stretches to re-score of every affected (contest, rep,
 * type[, local day]); then one statement writes all the rows, points and breakdown lines.
 * Uncapped rules never read anything: an activity's points depend on nothing else.
 *
 * The statements are the same text every time; for the small inputs of single activities'
 * groups they run as named prepared statements (`writePathQuery`).
 */
export class IncrementalScorer {
  constructor(private readonly catalog: ContestCatalog) {}

  async record(manager: EntityManager, rows: NewActivityRow[]): Promise<RecordOutcome> {
    const outcome: RecordOutcome = { inserted: new Map(), counted: new Map() };
    if (rows.length === 0) return outcome;
    const orgId = rows[0].orgId;
    const [result] = (await writePathQuery(
      manager,
      rows.length,
      `WITH guard AS (
         SELECT arena_lock_for_activity_writes($1::uuid,
           (SELECT contests_version FROM organizations WHERE id = $1::uuid)) AS version),
       input AS (
         SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::varchar[], $6::numeric[],
           $7::timestamptz[], $8::varchar[], $9::varchar[], $10::varchar[], $11::uuid[], $12::uuid[])
           WITH ORDINALITY AS v(id, user_id, activity_type_id, type_key, quantity, occurred_at,
             source, external_id, note, recorded_by, api_key_id, n)),
       inserted AS (
         INSERT INTO activities (id, org_id, user_id, activity_type_id, quantity, occurred_at,
           source, external_id, note, recorded_by, api_key_id)
         SELECT v.id, $1, v.user_id, v.activity_type_id, v.quantity, v.occurred_at, v.source,
           v.external_id, v.note, v.recorded_by, v.api_key_id
         FROM input v CROSS JOIN guard ORDER BY v.n
         ON CONFLICT DO NOTHING
         RETURNING id, user_id, occurred_at, recorded_at),
       matched AS (
         SELECT c.id AS contest_id, i.id AS activity_id, i.user_id
         FROM inserted i JOIN input v ON v.id = i.id
         JOIN contests c ON c.org_id = $1 AND c.published_at IS NOT NULL AND c.archived_at IS NULL
           AND c.starts_at <= i.occurred_at AND i.occurred_at < c.ends_at
         WHERE EXISTS (SELECT 1 FROM contest_rules r WHERE r.contest_id = c.id AND r.activity_type = v.type_key)
           AND ${takesPartSql('c', 'i.user_id')}),
       ${LOCK_CONTESTS_AND_SCORES}
       SELECT (SELECT version FROM guard)::text AS version,
         (SELECT coalesce(json_agg(json_build_object('id', id, 'recordedAt', recorded_at)), '[]') FROM inserted) AS inserted,
         (SELECT coalesce(json_agg(json_build_object('contestId', contest_id, 'activityId', activity_id)), '[]') FROM matched) AS matched,
         (SELECT count(*) FROM held) AS held`,
      [
        orgId,
        rows.map((r) => r.id),
        rows.map((r) => r.userId),
        rows.map((r) => r.activityTypeId),
        rows.map((r) => r.activityType),
        rows.map((r) => r.quantity),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.source),
        rows.map((r) => r.externalId),
        rows.map((r) => r.note),
        rows.map((r) => r.recordedBy),
        rows.map((r) => r.apiKeyId),
      ],
    )) as Array<{
      version: string;
      inserted: Array<{ id: string; recordedAt: string }>;
      matched: Array<{ contestId: string; activityId: string }>;
    }>;
    for (const row of result.inserted) outcome.inserted.set(row.id, new Date(row.recordedAt));
    if (result.matched.length === 0) return outcome;

    const contests = await this.catalog.at(manager, orgId, result.version);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const writes = new ScoreWrites();
    const segments = new Map<string, Segment>();
    for (const { contestId, activityId } of result.matched) {
      outcome.counted.set(activityId, [...(outcome.counted.get(activityId) ?? []), contestId]);
      const contest = contests.get(contestId);
      const activity = byId.get(activityId)!;
      const rule = contest?.rules.get(activity.activityType);
      if (!contest || !rule) throw new Error(`Contest ${contestId} is not in the catalog`);
      const scoring: ScoringActivity = {
        id: activity.id,
        userId: activity.userId,
        activityType: activity.activityType,
        quantity: activity.quantity,
        occurredAt: activity.occurredAt,
      };
      const kind = capKind(rule);
      if (kind === 'none') {
        const scored = scoreActivity(contest.scoring, scoring, { totalUnits: 0, dayUnits: 0 });
        if (!scored) continue; // matched by window and rule, so always scored
        writes.upserts.push({ contestId, row: scored });
        writes.change(
          contestId,
          scored.userId,
          scored.activityType,
          scored.quantity,
          scored.countedUnits,
          scored.points,
        );
        continue;
      }
      // Capped: one segment per (contest, rep, type) — per local day too under a daily cap only —
      // starting at the earliest new activity in it.
      const day = localDay(activity.occurredAt, contest.timezone);
      const segmentKind = kind === 'total' ? 'total' : 'day';
      const key = [
        contestId,
        activity.userId,
        activity.activityType,
        kind === 'daily' ? day : '',
      ].join('|');
      const segment = segments.get(key) ?? {
        contest,
        userId: activity.userId,
        activityType: activity.activityType,
        kind: segmentKind,
        from: scoring,
        fromDay: day,
        added: [],
        removed: new Set<string>(),
      };
      if (compareActivities(scoring, segment.from) < 0) {
        segment.from = scoring;
        segment.fromDay = day;
      }
      segment.added.push(scoring);
      segments.set(key, segment);
    }
    await this.rescore(manager, [...segments.values()], writes);
    await writes.write(manager, orgId);
    return outcome;
  }

  /**
   * Takes a voided activity out of every contest where it counts, and under caps re-scores what
   * it held back. The caller holds the organisation's shared lock and the activity's row.
   */
  async void(
    manager: EntityManager,
    activity: {
      id: string;
      orgId: string;
      userId: string;
      activityTypeId: string;
      occurredAt: Date;
    },
  ): Promise<string[]> {
    const { orgId } = activity;
    // The contests where it counts now, and those where it may count by the current definitions
    // (one being re-scored may be adding it): all are locked before anything is read.
    const [result] = (await writePathQuery(
      manager,
      1,
      `WITH matched AS (
         SELECT x.contest_id, x.user_id FROM contest_activity_scores x
         WHERE x.org_id = $1 AND x.activity_id = $2
         UNION
         SELECT c.id, $3::uuid FROM contests c JOIN activity_types t ON t.id = $4
         WHERE c.org_id = $1 AND c.published_at IS NOT NULL AND c.archived_at IS NULL
           AND c.starts_at <= $5 AND $5 < c.ends_at
           AND EXISTS (SELECT 1 FROM contest_rules r WHERE r.contest_id = c.id AND r.activity_type = t.key)
           AND ${takesPartSql('c', '$3::uuid')}),
       ${LOCK_CONTESTS_AND_SCORES}
       SELECT (SELECT contests_version FROM organizations WHERE id = $1)::text AS version,
         (SELECT key FROM activity_types WHERE id = $4) AS type,
         (SELECT coalesce(json_agg(DISTINCT contest_id), '[]') FROM matched) AS contests,
         (SELECT count(*) FROM held) AS held`,
      [orgId, activity.id, activity.userId, activity.activityTypeId, activity.occurredAt],
    )) as Array<{ version: string; type: string; contests: string[] }>;
    if (result.contests.length === 0) return [];
    const contests = await this.catalog.at(manager, orgId, result.version);
    const segments: Segment[] = [];
    const touched: string[] = [];
    for (const contestId of [...result.contests].sort()) {
      const contest = contests.get(contestId);
      if (!contest) continue; // no longer live: its scores are not kept
      const rule = contest.rules.get(result.type);
      const kind = rule ? capKind(rule) : 'none';
      touched.push(contestId);
      segments.push({
        contest,
        userId: activity.userId,
        activityType: result.type,
        kind: kind === 'total' ? 'total' : kind === 'daily' ? 'day' : 'one',
        from: activity,
        fromDay: localDay(activity.occurredAt, contest.timezone),
        added: [],
        removed: new Set([activity.id]),
      });
    }
    const writes = new ScoreWrites();
    await this.rescore(manager, segments, writes);
    await writes.write(manager, orgId);
    return touched;
  }

  /**
   * Reads every segment's stored rows and the cap usage before it in one statement, and scores
   * each segment again with its new and without its removed activities; `writes` collects the
   * differences. Whatever the number of segments, one round trip.
   */
  private async rescore(
    manager: EntityManager,
    segments: Segment[],
    writes: ScoreWrites,
  ): Promise<void> {
    if (segments.length === 0) return;
    const stored = (await writePathQuery(
      manager,
      segments.length,
      `SELECT s.n::int AS n,
         (SELECT l.counted_units::text FROM contest_score_lines l
          WHERE l.contest_id = s.contest_id AND l.user_id = s.user_id AND l.activity_type = s.activity_type) AS "lineCounted",
         (SELECT coalesce(sum(x.counted_units), 0)::text FROM contest_activity_scores x
          WHERE x.contest_id = s.contest_id AND x.user_id = s.user_id AND x.activity_type = s.activity_type
            AND x.local_day = s.from_day AND (x.occurred_at, x.activity_id) < (s.from_at, s.from_id)) AS "dayBefore",
         (SELECT coalesce(json_agg(json_build_object('id', x.activity_id, 'occurredAt', x.occurred_at,
              'quantity', x.quantity::text, 'countedUnits', x.counted_units::text,
              'multiplier', x.multiplier::text, 'points', x.points::text)
              ORDER BY x.occurred_at, x.activity_id), '[]')
          FROM contest_activity_scores x
          WHERE x.contest_id = s.contest_id AND x.user_id = s.user_id AND x.activity_type = s.activity_type
            AND (x.occurred_at, x.activity_id) >= (s.from_at, s.from_id)
            AND (s.kind <> 'day' OR x.local_day = s.from_day)
            AND (s.kind <> 'one' OR x.activity_id = s.from_id)) AS rows
       FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::text[], $5::timestamptz[], $6::uuid[], $7::date[])
         WITH ORDINALITY AS s(contest_id, user_id, activity_type, kind, from_at, from_id, from_day, n)`,
      [
        segments.map((s) => s.contest.id),
        segments.map((s) => s.userId),
        segments.map((s) => s.activityType),
        segments.map((s) => s.kind),
        segments.map((s) => s.from.occurredAt),
        segments.map((s) => s.from.id),
        segments.map((s) => s.fromDay),
      ],
    )) as Array<{ n: number; lineCounted: string | null; dayBefore: string; rows: StoredRow[] }>;
    for (const read of stored) this.rescoreSegment(segments[read.n - 1], read, writes);
  }

  private rescoreSegment(
    segment: Segment,
    read: { lineCounted: string | null; dayBefore: string; rows: StoredRow[] },
    writes: ScoreWrites,
  ): void {
    const { contest, userId, activityType } = segment;
    const contestId = contest.id;
    const before = new Map(read.rows.map((row) => [row.id, row]));
    // Units counted before the segment: the breakdown line holds the rep's total under the rule.
    let total = new Decimal(read.lineCounted ?? 0);
    for (const row of read.rows) total = total.minus(row.countedUnits);
    const perDay = new Map<string, Decimal>([[segment.fromDay, new Decimal(read.dayBefore)]]);

    for (const id of segment.removed) {
      const row = before.get(id);
      if (!row) continue;
      writes.deletes.push({ contestId, activityId: id });
      writes.change(
        contestId,
        userId,
        activityType,
        new Decimal(row.quantity).negated(),
        new Decimal(row.countedUnits).negated(),
        new Decimal(row.points).negated(),
      );
    }
    if (segment.kind === 'one') return;

    const kept: ScoringActivity[] = read.rows
      .filter((row) => !segment.removed.has(row.id))
      .map((row) => ({
        id: row.id,
        userId,
        activityType,
        quantity: row.quantity,
        occurredAt: new Date(row.occurredAt),
      }));
    const suffix = [...kept, ...segment.added].sort(compareActivities);
    for (const activity of suffix) {
      const day = localDay(activity.occurredAt, contest.timezone);
      const scored = scoreActivity(contest.scoring, activity, {
        totalUnits: total,
        dayUnits: perDay.get(day) ?? 0,
      });
      if (!scored) continue;
      total = total.plus(scored.countedUnits);
      perDay.set(day, (perDay.get(day) ?? new Decimal(0)).plus(scored.countedUnits));
      const old = before.get(activity.id);
      if (!old) {
        writes.upserts.push({ contestId, row: scored });
        writes.change(
          contestId,
          userId,
          activityType,
          scored.quantity,
          scored.countedUnits,
          scored.points,
        );
        continue;
      }
      const counted = new Decimal(scored.countedUnits).minus(old.countedUnits);
      const points = new Decimal(scored.points).minus(old.points);
      if (counted.isZero() && points.isZero() && new Decimal(old.multiplier).eq(scored.multiplier))
        continue;
      writes.upserts.push({ contestId, row: scored });
      writes.change(contestId, userId, activityType, 0, counted, points);
    }
  }
}

/**
 * The tail of a writer's first statement, after a CTE `matched (contest_id, user_id, …)`: the
 * shared advisory lock of every contest in it (sorted), only tried — a contest a re-score holds
 * (or waits for) fails the statement with `lock_not_available`, and the writer waits for it
 * outside its transaction (`runTransaction`), never while holding its activities — then every
 * (contest, rep) score row,
 * created where missing and locked in (contest_id, user_id) order (`held` returns only the rows
 * created: an existing row is locked, not rewritten). `held` must be referenced, so
 * that the locks are taken; the ORDER BYs under the aggregates fix the order they are taken in.
 */
const LOCK_CONTESTS_AND_SCORES = `
  contest_locks AS (
    SELECT arena_try_contest_locks(
      array(SELECT DISTINCT contest_id FROM matched ORDER BY contest_id)) AS n),
  held AS (
    INSERT INTO contest_scores AS s (org_id, contest_id, user_id, points, name, on_board)
    -- A row that exists gets name and on_board given (and kept: the conflict updates nothing),
    -- so the per-row fill trigger runs only for rows that are new — it used to run (a PL/pgSQL
    -- call and a lookup) for every rep of every write. Score rows never vanish under a writer
    -- (see contest_scores_fill_board), so a row seen here is the one the conflict meets.
    SELECT $1, p.contest_id, p.user_id, 0,
      CASE WHEN e.user_id IS NOT NULL THEN '' END, CASE WHEN e.user_id IS NOT NULL THEN false END
    FROM (SELECT DISTINCT contest_id, user_id FROM matched) p CROSS JOIN contest_locks
    LEFT JOIN contest_scores e ON e.contest_id = p.contest_id AND e.user_id = p.user_id
    ORDER BY p.contest_id, p.user_id
    -- WHERE false: the row is locked all the same (PostgreSQL locks every conflicting row of
    -- a DO UPDATE), without writing a new version of it that the points update writes again.
    ON CONFLICT (contest_id, user_id) DO UPDATE SET updated_at = now() WHERE false
    RETURNING 1)`;

/** Keys compared part by part as PostgreSQL orders uuids and varchar keys (lowercase hex). */
function compareKeys(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Inputs up to this many rows run as prepared statements (generic plans); bigger ones are planned. */
const PREPARED_MAX_ROWS = 64;

/**
 * One write-path statement. Small inputs (single activities' groups) run as a named prepared
 * statement: parsed once per connection and planned once — planning the record and write
 * statements cost ~1–1.5 ms each per run, as much as running them for a few rows — and the
 * generic plan takes the `unnest` inputs for a handful of rows, so index lookups. Big inputs (a
 * batch of 1,000) are planned for their size each time: a generic plan sized for ten rows could
 * pick a nested loop over two thousand-row inputs, and there planning is < 1% of the statement.
 */
function writePathQuery<T>(
  manager: EntityManager,
  rows: number,
  text: string,
  values: unknown[],
): Promise<T[]> {
  return rows <= PREPARED_MAX_ROWS
    ? preparedQuery<T>(manager, text, values)
    : manager.query(text, values);
}
