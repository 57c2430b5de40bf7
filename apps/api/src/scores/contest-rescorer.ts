import { createRepScorer, type ParticipantScore, type RepScorer } from '@arena/scoring';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, escapeLiteral, type ClientConfig, type PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { BUILD_SCHEMA } from '../database/migrations/1796300000000-activity-score-builds';
import { keptBoundary, LogScoringPool, repBoundary, type ScoredLogBatch } from './log-scoring-pool';
import {
  checkRep,
  emptyCheck,
  KeptParser,
  LogParser,
  ScoreText,
  type KeptActivity,
  type KeptRep,
  type LogCheck,
  type RepLog,
} from './log-text';
import { takesPartOfSql } from './participation';
import type { LoadedContest } from './scoring-contest';

/**
 * Whose activities a streamed log holds: `stored` asks the database who takes part in the stored
 * contest (`takesPartSql`, so a list of 100,000 ids never travels); a list names them (a preview's
 * unsaved design; ignored in team mode, where every rep takes part).
 */
export type LogParticipants = 'stored' | readonly string[];

export type { KeptActivity, RepLog } from './log-text';
export { normalisedNumeric } from './log-text';

/** A rep of the verifier's merged stream: the log and the kept rows, side by side. */
export interface RepComparison extends RepLog {
  kept: Map<string, KeptActivity>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid literal for SQL text (COPY takes no parameters); anything else is a bug. */
function uuid(value: string): string {
  if (!UUID.test(value)) throw new Error(`Not a uuid: ${value}`);
  return `'${value}'::uuid`;
}

/** The name of a contest's own partition of `contest_activity_scores`, less its 8-hex suffix. */
const partitionPrefix = (contestId: string): string =>
  `activity_scores_${contestId.replace(/-/g, '').toLowerCase()}_`;

/** The foreign keys of `contest_activity_scores` (migration ActivityScorePartitions). */
const ACTIVITY_SCORE_KEYS: [string, string, string][] = [
  ['fk_contest_activity_scores_contest', 'contest_id', 'contests'],
  ['fk_contest_activity_scores_activity', 'activity_id', 'activities'],
  ['fk_contest_activity_scores_user', 'user_id', 'users'],
];

const ACTIVITY_SCORE_COLUMNS = `org_id, contest_id, activity_id, user_id, activity_type, occurred_at, local_day, quantity, counted_units, multiplier, points`;
/** The ADD CONSTRAINT clauses of the parent's foreign keys, under their names. */
const keyClauses = (suffix: string): string =>
  ACTIVITY_SCORE_KEYS.map(
    ([name, column, parent]) =>
      `ADD CONSTRAINT ${name} FOREIGN KEY (org_id, ${column}) REFERENCES ${parent} (org_id, id) ON DELETE CASCADE${suffix}`,
  ).join(', ');

/** How long the builder waits for the referenced tables' lock to add the keys (see addKeysNotValid). */
const KEY_LOCK_TIMEOUT_MS = 2_000;

const LINE_COLUMNS = `org_id, contest_id, user_id, activity_type, units, counted_units, points`;

const instant = (value: Date): string => `'${value.toISOString()}'::timestamptz`;

/** COPY text of a value that may hold a backslash, tab or line break (a name). */
function copyEscaped(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(
        /[\\\t\n\r]/g,
        (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!,
      )
    : value;
}

/**
 * Full re-scores and verification of one contest, streamed: the log comes out of PostgreSQL by
 * `COPY (SELECT … ORDER BY user_id, occurred_at, id) TO STDOUT` — the order of the index
 * `(org_id, user_id, occurred_at)`, which the planner may read instead of sorting — and each
 * rep's activities arrive together; a rep whose activities share a
 * millisecond out of id order is put in the fixed order (SPEC §3.2) before it is scored
 * (`createRepScorer`: `scoreParticipant`, digit for digit, in scaled integers). Only that rep is
 * in memory.
 *
 * A big contest (at least `ownPartitionRows` activities in its window) is read on a connection
 * of its own in the caller's snapshot (`pg_export_snapshot`), so that the caller's connection
 * can take the scored rows in at the same time: they stream by `COPY … FROM STDIN` straight into
 * a bare table of the caller's transaction, which becomes the contest's partition. Otherwise (and
 * whenever the caller's transaction has written already, or is not READ COMMITTED) the log is
 * read on the caller's connection and the rows are spooled to COPY files on disk first — one
 * connection cannot stream a COPY out and one in at once. Breakdown lines are spooled either way;
 * totals (one per rep) are held until the reps' names are read.
 */
export class ContestRescorer {
  /**
   * A contest re-scored into at least this many activity rows gets a partition of its own (built
   * bare and swapped in); smaller ones are COPYed into the shared partition. A contest with this
   * many activities in its window is read on a connection of its own.
   */
  ownPartitionRows = 50_000;

  /**
   * A big contest's lines and totals go into the caller's transaction in batches of about this
   * many characters of lines (≈ 8,000 lines, ≈ 2,700 reps at the default).
   */
  repBatchChars = 1024 * 1024;

  /**
   * Worker threads that parse, score and format a big contest's log (batches of whole reps),
   * while this thread streams it between the connections; 0 = all of it on this thread.
   */
  scoringThreads = Math.min(4, availableParallelism());

  /** A big contest's log goes to the scoring threads in batches of about this many bytes. */
  logBatchBytes = 512 * 1024;

  /** Test hook: builds whose keys the caller's transaction added (the builder timed out). */
  keyFallbacks = 0;

  /** Deletes a contest's kept scores (drafts and archived contests keep none). */
  async clear(manager: EntityManager, contestId: string): Promise<void> {
    await this.withClient(manager, (client) =>
      swapping(client, () => this.dropActivityScores(client, contestId)),
    );
    // DELETE by the leading column of each primary key.
    for (const table of ['contest_score_lines', 'contest_scores'])
      await manager.query(`DELETE FROM ${table} WHERE contest_id = $1`, [contestId]);
  }

  /**
   * Recomputes a published contest from its log and stores the result, replacing what was kept.
   * The board members without activity get their 0-point rows from `ensureBoardRows`
   * (ScoreKeeper). A big contest's activity rows go into a bare table of their own, which then
   * gets its key, order index and foreign keys (each built or checked once, set-based: per row
   * they made the COPY 25× slower) and replaces the contest's kept rows as its partition of
   * `contest_activity_scores` at the very end, so the parent's ACCESS EXCLUSIVE lock that the
   * swap takes is held only for the moments before the commit.
   */
  async rescore(manager: EntityManager, contest: LoadedContest): Promise<void> {
    const scorer = createRepScorer(contest.scoring);
    await this.withClient(manager, async (client) => {
      const big = await this.windowHolds(client, contest, this.ownPartitionRows);
      // The reader is opened before this transaction writes anything: it sees what it would.
      const reader = big ? await SnapshotReader.open(manager, client, 'read committed') : null;
      try {
        await this.clearTotals(client, contest.entity.id);
        if (reader) await this.rescoreAlongside(manager, client, reader, contest, scorer);
        else await this.rescoreOnOneConnection(client, contest, scorer, big);
      } finally {
        await reader?.close();
      }
    });
  }

  /** A contest's kept totals and lines deleted, by the leading column of each primary key. */
  private async clearTotals(client: PoolClient, contestId: string): Promise<void> {
    for (const name of ['contest_score_lines', 'contest_scores'])
      await client.query(`DELETE FROM ${name} WHERE contest_id = $1`, [contestId]);
    await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
  }

  /**
   * A big contest, on three connections at once: the log streams out of the reader; the scored
   * activity rows stream into a bare table of the build schema on a builder connection (its own
   * transaction, committed); the breakdown lines stream into the caller's transaction. Then the
   * bare table gets its CHECK and its two indexes (built at the same time on the builder and the
   * reader) while the caller's connection writes the totals; the caller's transaction moves the
   * table into the public schema, makes the unique index its primary key, adds and checks the
   * foreign keys (taking the referenced tables' locks, as any new key does, until its commit),
   * drops the contest's old partition and attaches the new one.
   */
  private async rescoreAlongside(
    manager: EntityManager,
    client: PoolClient,
    reader: SnapshotReader,
    contest: LoadedContest,
    scorer: RepScorer,
  ): Promise<void> {
    const { id: contestId } = contest.entity;
    const builder = await connectionOf(manager);
    const name = `${partitionPrefix(contestId)}${randomUUID().slice(0, 8)}`;
    const built = `${BUILD_SCHEMA}.${name}`;
    let moved = false;
    try {
      await this.sweepBuilds(builderQuery(builder), contestId, BUILD_DROP_WAIT_MS);
      await builder.query(`BEGIN`);
      await builder.query(`CREATE TABLE ${built} (LIKE public.contest_activity_scores)`);
      // FREEZE: a table created in this transaction takes its rows frozen (no hint bits to set
      // by the first reader, nothing for VACUUM to freeze later).
      const rows = new CopySink(
        builder,
        `COPY ${built} (${ACTIVITY_SCORE_COLUMNS}) FROM STDIN (FREEZE)`,
      );
      // Lines and totals go into the caller's transaction in batches while the log streams: each
      // statement's foreign-key checks (run at its end) then overlap the reading.
      const reps = new BatchedReps(this.repBatchChars, async (lines, totals) => {
        await copyString(client, `COPY contest_score_lines (${LINE_COLUMNS}) FROM STDIN`, lines);
        await this.writeTotals(client, contest, totals);
      });
      const activityRows = await this.scoreLog(reader.client, contest, scorer, rows, reps, true);
      await reader.release();
      if (activityRows < this.ownPartitionRows) {
        // Fewer rows than the window's size promised: into the shared partition after all.
        await builder.query(`COMMIT`);
        await reps.finished();
        await swapping(client, () => this.dropActivityScores(client, contestId));
        await client.query(
          `INSERT INTO contest_activity_scores (${ACTIVITY_SCORE_COLUMNS})
           SELECT ${ACTIVITY_SCORE_COLUMNS} FROM ${built}`,
        );
        moved = true;
        await client.query(`DROP TABLE ${built}`);
        return;
      }
      const id = uuid(contestId);
      await builder.query(
        `ALTER TABLE ${built} ADD CONSTRAINT ${name}_contest CHECK (contest_id = ${id})`,
      );
      await builder.query(`COMMIT`);
      const keys = await this.addKeysNotValid(builder, built);
      for (const connection of [builder, reader.client])
        await connection.query(`SET maintenance_work_mem = '256MB'`);
      await settled([
        (async () => {
          await settled([
            builder.query(
              `CREATE UNIQUE INDEX ${name}_pkey ON ${built} (org_id, activity_id, contest_id)`,
            ),
            reader.client.query(
              `CREATE INDEX ${name}_order ON ${built} (contest_id, user_id, activity_type, occurred_at, activity_id)`,
            ),
          ]);
          // Checked after the indexes (VALIDATE and CREATE INDEX exclude each other on a table),
          // without holding back writers of the referenced tables.
          if (keys)
            for (const [key] of ACTIVITY_SCORE_KEYS)
              await builder.query(`ALTER TABLE ${built} VALIDATE CONSTRAINT ${key}`);
        })(),
        reps.finished(),
      ]);
      moved = true; // from here on the caller's transaction holds the table (and drops or keeps it)
      await swapping(client, async () => {
        await client.query(`ALTER TABLE ${built} SET SCHEMA public`);
        await client.query(
          `ALTER TABLE ${name} ADD CONSTRAINT ${name}_pkey PRIMARY KEY USING INDEX ${name}_pkey`,
        );
        if (!keys) await this.addKeys(client, name);
        await this.attach(client, contestId, name);
      });
    } finally {
      // A table not yet in the caller's hands is dropped now (or, if its locks are not had in
      // time, after the caller's transaction: ContestsService sweeps); one the caller holds goes
      // back to the build schema if its transaction rolls back, and that sweep drops it.
      if (!moved) {
        await builder.query(`ROLLBACK`).catch(() => undefined);
        await dropBuild(builderQuery(builder), built, BUILD_DROP_WAIT_MS);
      }
      await builder.end().catch(() => undefined);
    }
  }

  /**
   * Tables a failed or crashed re-score of this contest left in the build schema, dropped, each
   * in a statement of its own on `query` (autocommit). A table with foreign keys takes ACCESS
   * EXCLUSIVE locks on the referenced tables to drop; with `lockWaitMs` set, one that cannot get
   * them in that time is left for the next sweep — the builder's sweep must not wait for the
   * caller's transaction, which reads those tables and waits for the builder. `ContestsService`
   * sweeps again after every re-score's transaction has ended, waiting as long as it takes.
   */
  async sweepBuilds(
    query: (sql: string, params?: unknown[]) => Promise<unknown[]>,
    contestId: string,
    lockWaitMs?: number,
  ): Promise<void> {
    const rows = (await query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND c.relname LIKE $2`,
      [BUILD_SCHEMA, `${partitionPrefix(contestId).replace(/_/g, '\\_')}%`],
    )) as Array<{ name: string }>;
    for (const { name } of rows) await dropBuild(query, `${BUILD_SCHEMA}.${name}`, lockWaitMs);
  }

  /**
   * A contest on the caller's connection alone (a small one, or a caller whose transaction has
   * written already): the log is read there, the activity rows and lines spooled to COPY files
   * and COPYed in after it. A big one's rows still get a partition of their own, built in the
   * caller's transaction.
   */
  private async rescoreOnOneConnection(
    client: PoolClient,
    contest: LoadedContest,
    scorer: RepScorer,
    big: boolean,
  ): Promise<void> {
    const { id: contestId } = contest.entity;
    const spool = new Spool();
    try {
      const reps = new SpooledReps(spool.lines);
      const activityRows = await this.scoreLog(
        client,
        contest,
        scorer,
        spool.activities,
        reps,
        big,
      );
      await spool.lines.copyInto(client, `COPY contest_score_lines (${LINE_COLUMNS}) FROM STDIN`);
      await this.writeTotals(client, contest, reps.totals);
      if (activityRows >= this.ownPartitionRows) {
        const name = `${partitionPrefix(contestId)}${randomUUID().slice(0, 8)}`;
        await client.query(`CREATE TABLE ${name} (LIKE contest_activity_scores)`);
        await spool.activities.copyInto(
          client,
          `COPY ${name} (${ACTIVITY_SCORE_COLUMNS}) FROM STDIN`,
        );
        await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await client.query(
          `ALTER TABLE ${name} ADD CONSTRAINT ${name}_contest CHECK (contest_id = ${uuid(contestId)}),
             ADD CONSTRAINT ${name}_pkey PRIMARY KEY (org_id, activity_id, contest_id)`,
        );
        await client.query(
          `CREATE INDEX ${name}_order ON ${name} (contest_id, user_id, activity_type, occurred_at, activity_id)`,
        );
        await swapping(client, async () => {
          await this.addKeys(client, name);
          await this.attach(client, contestId, name);
        });
      } else {
        await swapping(client, () => this.dropActivityScores(client, contestId));
        await spool.activities.copyInto(
          client,
          `COPY contest_activity_scores (${ACTIVITY_SCORE_COLUMNS}) FROM STDIN`,
        );
      }
    } finally {
      await spool.remove();
    }
  }

  /**
   * Every rep of the log scored: activity rows to `rows`, each rep's breakdown lines and total to
   * `reps` (both closed at the end, aborted on a failure); answers the number of activity rows.
   * A big contest (`parallel`) is scored on the scoring threads.
   */
  private async scoreLog(
    source: PoolClient | Client,
    contest: LoadedContest,
    scorer: RepScorer,
    rows: RowSink,
    reps: RepSink,
    parallel: boolean,
  ): Promise<number> {
    let activityRows = 0;
    try {
      if (parallel && this.scoringThreads > 0)
        activityRows = await this.scoreLogInThreads(source, contest, rows, reps);
      else {
        const out = new ScoreText(contest.entity.orgId, contest.entity.id);
        for await (const batch of this.logReps(source, contest, 'stored')) {
          for (const { userId, activities } of batch) {
            const score = scorer.score(userId, activities);
            if (score.explanation.length === 0) continue;
            activityRows += score.explanation.length;
            await rows.write(out.activityRows(score));
            await reps.write([[userId, score.points]], out.lines(score));
          }
        }
      }
      await Promise.all([rows.close(), reps.close()]);
    } catch (error) {
      await Promise.all([rows.abort(error), reps.abort(error)]);
      throw error;
    }
    return activityRows;
  }

  /**
   * The log streamed to the scoring threads in batches cut between reps (`repBoundary`), their
   * results written in the batches' order; at most two batches per thread in flight (then the
   * log's stream waits).
   */
  private async scoreLogInThreads(
    source: PoolClient | Client,
    contest: LoadedContest,
    rows: RowSink,
    reps: RepSink,
  ): Promise<number> {
    const query = await this.logQuery(source, contest, 'stored');
    if (!query) return 0;
    const pool = new LogScoringPool(this.scoringThreads, {
      orgId: contest.entity.orgId,
      contestId: contest.entity.id,
      scoring: contest.scoring,
      typeKeys: [...query.keyOf],
    });
    let activityRows = 0;
    const inFlight: Array<Promise<ScoredLogBatch>> = [];
    const take = async () => {
      const batch = await inFlight.shift()!;
      activityRows += batch.activityRows;
      if (batch.rows.byteLength > 0) await rows.write(batch.rows);
      if (batch.totals.length > 0) await reps.write(batch.totals, batch.lines);
    };
    const send = async (text: Uint8Array) => {
      const scored = pool.score(text);
      scored.catch(() => undefined); // awaited in turn by take
      inFlight.push(scored);
      while (inFlight.length >= 2 * pool.threads) await take();
    };
    try {
      let held: Buffer[] = [];
      let heldBytes = 0;
      for await (const chunk of copyStream(source, query.sql)) {
        held.push(chunk);
        heldBytes += chunk.length;
        if (heldBytes < this.logBatchBytes) continue;
        const text = Buffer.concat(held, heldBytes);
        const cut = repBoundary(text);
        if (cut > 0) await send(text.subarray(0, cut));
        held = [text.subarray(cut)];
        heldBytes = text.length - cut;
      }
      if (heldBytes > 0) await send(Buffer.concat(held, heldBytes));
      while (inFlight.length > 0) await take();
      return activityRows;
    } finally {
      await Promise.allSettled(inFlight);
      await pool.close();
    }
  }

  /** Whether the contest's window holds at least `rows` activities of its organisation. */
  private async windowHolds(
    client: PoolClient,
    contest: LoadedContest,
    rows: number,
  ): Promise<boolean> {
    const { orgId, startsAt, endsAt } = contest.entity;
    const { rows: found } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM activities
        WHERE org_id = $1 AND occurred_at >= $2 AND occurred_at < $3 LIMIT $4) a`,
      [orgId, startsAt, endsAt, rows],
    );
    return found[0].n >= rows;
  }

  /**
   * The reps' totals into `contest_scores` with their names and board membership, read once for
   * all of them under FOR SHARE (as the row trigger would take them, one lookup per row: a rename
   * waits for this transaction and then reaches its rows); a rep no longer found is left to the
   * trigger (and so to the foreign key).
   */
  private async writeTotals(
    client: PoolClient,
    contest: LoadedContest,
    totals: Array<[string, string]>,
  ): Promise<void> {
    if (totals.length === 0) return;
    const { orgId, id: contestId } = contest.entity;
    const { rows } = await client.query<{ id: string; name: string; on_board: boolean }>(
      `SELECT u.id, u.name,
          arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, u.active AND u.competes) AS on_board
         FROM users u JOIN contests c ON c.id = $2 AND c.org_id = u.org_id
        WHERE u.org_id = $1 AND u.id = ANY($3::uuid[])
        ORDER BY u.id FOR SHARE OF u`,
      [orgId, contestId, totals.map(([userId]) => userId)],
    );
    const users = new Map(rows.map((row) => [row.id, row]));
    const sink = new CopySink(
      client,
      `COPY contest_scores (org_id, contest_id, user_id, points, name, on_board) FROM STDIN`,
    );
    try {
      let text = '';
      for (const [userId, points] of totals) {
        const user = users.get(userId);
        text += `${orgId}\t${contestId}\t${userId}\t${points}\t${
          user ? `${copyEscaped(user.name)}\t${user.on_board ? 't' : 'f'}` : '\\N\t\\N'
        }\n`;
        if (text.length >= CHUNK) {
          await sink.write(text);
          text = '';
        }
      }
      await sink.write(text);
      await sink.close();
    } catch (error) {
      await sink.abort(error);
      throw error;
    }
  }

  /**
   * The parent's three foreign keys on the bare table in the build schema, NOT VALID (checked
   * later by VALIDATE, which lets writers of the referenced tables go on), under their names so
   * that ATTACH adopts them. Adding a key takes the referenced tables' SHARE ROW EXCLUSIVE lock
   * for a moment; while the request waits for in-flight writers, every new writer of those
   * tables queues behind it, so it waits only briefly: then false, and the caller's transaction
   * adds the keys itself, in its bounded swap tries (`swapping`).
   */
  private async addKeysNotValid(builder: Client, table: string): Promise<boolean> {
    try {
      await builder.query(`SET lock_timeout = '${KEY_LOCK_TIMEOUT_MS}ms'`);
      await builder.query(`ALTER TABLE ${table} ${keyClauses(' NOT VALID')}`);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') {
        this.keyFallbacks++;
        return false; // lock_not_available
      }
      throw error;
    } finally {
      await builder.query(`RESET lock_timeout`).catch(() => undefined);
    }
  }

  /** The parent's three foreign keys on the new table, each checked once, set-based. */
  private async addKeys(client: PoolClient, table: string): Promise<void> {
    await client.query(`ALTER TABLE ${table} ${keyClauses('')}`);
  }

  /** The contest's old partition dropped (or its shared rows deleted), the new one attached. */
  private async attach(client: PoolClient, contestId: string, table: string): Promise<void> {
    await this.dropActivityScores(client, contestId);
    await client.query(
      `ALTER TABLE contest_activity_scores ATTACH PARTITION ${table} FOR VALUES IN (${uuid(contestId)})`,
    );
  }

  /** A contest's kept activity rows gone: its own partition dropped, or its shared rows deleted. */
  private async dropActivityScores(client: PoolClient, contestId: string): Promise<void> {
    const { rows } = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'contest_activity_scores'::regclass AND c.relname LIKE $1`,
      [`${partitionPrefix(contestId).replace(/_/g, '\\_')}%`],
    );
    for (const { name } of rows) await client.query(`DROP TABLE ${name}`);
    if (rows.length === 0)
      await client.query(`DELETE FROM contest_activity_scores WHERE contest_id = $1`, [contestId]);
  }

  /** Scores every rep of a contest's log, one after the other, storing nothing. */
  async forEachScore(
    manager: EntityManager,
    contest: LoadedContest,
    participants: LogParticipants,
    onScore: (score: ParticipantScore) => void | Promise<void>,
  ): Promise<void> {
    const scorer = createRepScorer(contest.scoring);
    await this.withClient(manager, async (client) => {
      for await (const reps of this.logReps(client, contest, participants))
        for (const { userId, activities } of reps) await onScore(scorer.score(userId, activities));
    });
  }

  /**
   * The log merged with the kept activity rows, rep by rep: what the verifier compares, with one
   * rep in memory at a time. Both come in user order — the log from its index, the kept rows
   * from their order index — and are merged here; in a REPEATABLE READ transaction that has
   * written nothing the log is read on a connection of its own in the same snapshot, while the
   * caller's connection reads the kept rows.
   */
  async forEachComparison(
    manager: EntityManager,
    contest: LoadedContest,
    onRep: (rep: RepComparison) => void | Promise<void>,
  ): Promise<void> {
    const keptSql = keptSelect(contest);
    await this.withClient(manager, async (client) => {
      const reader = await SnapshotReader.open(manager, client, 'repeatable read');
      try {
        // One connection streams one COPY at a time: without a reader of its own, the kept rows
        // (a few strings each) are read first into memory, rep by rep, as the log is merged.
        const keptReps = reader
          ? this.keptReps(client, keptSql)
          : await materialise(this.keptReps(client, keptSql));
        const log = this.logReps(reader?.client ?? client, contest, 'stored')[
          Symbol.asyncIterator
        ]();
        const kept = keptReps[Symbol.asyncIterator]();
        const next = async <T>(it: AsyncIterator<T[]>, queue: T[]): Promise<T | null> => {
          while (queue.length === 0) {
            const step = await it.next();
            if (step.done) return null;
            queue.push(...step.value.reverse());
          }
          return queue.pop()!;
        };
        const logQueue: RepLog[] = [];
        const keptQueue: KeptRep[] = [];
        // Both statements start at once: the log's sort runs while the kept rows stream.
        let [a, b] = await Promise.all([next(log, logQueue), next(kept, keptQueue)]);
        while (a || b) {
          if (a && (!b || a.userId < b.userId)) {
            await onRep({ ...a, kept: new Map() });
            a = await next(log, logQueue);
          } else if (b && (!a || b.userId < a.userId)) {
            await onRep({ userId: b.userId, activities: [], kept: b.kept });
            b = await next(kept, keptQueue);
          } else {
            await onRep({ ...a!, kept: b!.kept });
            a = await next(log, logQueue);
            b = await next(kept, keptQueue);
          }
        }
      } finally {
        await reader?.close();
      }
    });
  }

  /**
   * The verifier's check of a contest's kept activity rows against its log, rep by rep (the
   * reps' recomputed totals and lines answered for the caller to compare). A big contest, read
   * in a REPEATABLE READ transaction that has written nothing, is checked on the scoring
   * threads: both streams are cut into runs of whole reps, the log's at a rep boundary and the
   * kept rows' at the same rep.
   */
  async checkLog(manager: EntityManager, contest: LoadedContest): Promise<LogCheck> {
    const check = emptyCheck();
    const threaded = await this.withClient(manager, async (client) => {
      if (
        this.scoringThreads === 0 ||
        !(await this.windowHolds(client, contest, this.ownPartitionRows))
      )
        return false;
      const reader = await SnapshotReader.open(manager, client, 'repeatable read');
      if (!reader) return false;
      try {
        await this.checkLogInThreads(client, reader.client, contest, check);
        return true;
      } finally {
        await reader.close();
      }
    });
    if (threaded) return check;
    const scorer = createRepScorer(contest.scoring);
    await this.forEachComparison(manager, contest, (rep) =>
      checkRep(scorer.score(rep.userId, rep.activities), rep.kept, check),
    );
    return check;
  }

  private async checkLogInThreads(
    client: PoolClient,
    reader: Client,
    contest: LoadedContest,
    check: LogCheck,
  ): Promise<void> {
    const query = await this.logQuery(reader, contest, 'stored');
    const pool = new LogScoringPool(this.scoringThreads, {
      orgId: contest.entity.orgId,
      contestId: contest.entity.id,
      scoring: contest.scoring,
      typeKeys: [...(query?.keyOf ?? [])],
    });
    const inFlight: Array<Promise<LogCheck>> = [];
    const take = async () => {
      const batch = await inFlight.shift()!;
      check.activitiesChecked += batch.activitiesChecked;
      for (const difference of batch.differences) check.differences.push(difference);
      for (const total of batch.totals) check.totals.push(total);
      for (const line of batch.lines) check.lines.push(line);
    };
    const send = async (log: Uint8Array, kept: Uint8Array) => {
      const checked = pool.check(log, kept);
      checked.catch(() => undefined); // awaited in turn by take
      inFlight.push(checked);
      while (inFlight.length >= 2 * pool.threads) await take();
    };
    const empty: Buffer = Buffer.alloc(0);
    // Both statements start at once: the log's sort runs while the kept rows stream.
    const log = query ? copyStream(reader, query.sql)[Symbol.asyncIterator]() : null;
    const keptRows = copyStream(client, keptSelect(contest))[Symbol.asyncIterator]();
    let logText = empty;
    let keptText = empty;
    let keptDone = false;
    const moreKept = async (): Promise<boolean> => {
      if (keptDone) return false;
      const step = await keptRows.next();
      if (step.done) keptDone = true;
      else keptText = keptText.length ? Buffer.concat([keptText, step.value]) : step.value;
      return !keptDone;
    };
    try {
      let logDone = !log;
      while (!logDone) {
        const step = await log!.next();
        if (step.done) logDone = true;
        else logText = logText.length ? Buffer.concat([logText, step.value]) : step.value;
        if (!logDone && logText.length < this.logBatchBytes) continue;
        const cut = logDone ? logText.length : repBoundary(logText);
        if (cut === 0) continue;
        // The kept rows of the reps before the log's next rep (all of them at the log's end).
        let keptCut: number | null = null;
        if (!logDone) {
          const boundAt = cut + 37; // the next rep's id, the row's second uuid
          keptCut = keptBoundary(keptText, logText, boundAt);
          while (keptCut === null && (await moreKept()))
            keptCut = keptBoundary(keptText, logText, boundAt);
        }
        if (keptCut === null) {
          while (await moreKept());
          keptCut = keptText.length;
        }
        await send(logText.subarray(0, cut), keptText.subarray(0, keptCut));
        logText = logText.subarray(cut);
        keptText = keptText.subarray(keptCut);
      }
      while (await moreKept());
      if (keptText.length > 0) await send(empty, keptText);
      while (inFlight.length > 0) await take();
    } finally {
      await log?.return?.();
      await keptRows.return?.();
      await Promise.allSettled(inFlight);
      await pool.close();
    }
  }

  /** A contest's kept activity rows, in user order, grouped by rep. */
  private async *keptReps(client: PoolClient | Client, sql: string): AsyncIterable<KeptRep[]> {
    const parser = new KeptParser();
    for await (const text of copyText(client, sql)) {
      const done = parser.push(text);
      if (done.length > 0) yield done;
    }
    const last = parser.end();
    if (last.length > 0) yield last;
  }

  /**
   * A contest's kept totals (`user_id, points`) or breakdown lines (`user_id, activity_type,
   * units, counted_units, points`), streamed as text fields: one row in memory at a time.
   */
  async forEachKept(
    manager: EntityManager,
    contest: LoadedContest,
    table: 'contest_scores' | 'contest_score_lines',
    onRow: (fields: string[]) => void,
  ): Promise<void> {
    const columns =
      table === 'contest_scores'
        ? 'user_id, points'
        : 'user_id, activity_type, units, counted_units, points';
    await this.withClient(manager, async (client) => {
      for await (const rows of copyRows(
        client,
        `SELECT ${columns} FROM ${table}
         WHERE org_id = ${uuid(contest.entity.orgId)} AND contest_id = ${uuid(contest.entity.id)}`,
      ))
        for (const row of rows) onRow(row);
    });
  }

  /**
   * The contest's log as a SELECT of (id, user_id, activity_type_id, quantity, ms), unordered:
   * one table, no join — the rule types by id (`types`), participation as one semi-join.
   */
  private logSelect(
    contest: LoadedContest,
    participants: LogParticipants,
    types: readonly string[],
  ): string {
    const { orgId, startsAt, endsAt, mode } = contest.entity;
    let who = '';
    if (participants === 'stored') {
      who = `AND ${takesPartOfSql(contest.entity, 'a.user_id')}`;
    } else if (mode === 'individual') {
      for (const participant of participants) uuid(participant);
      who = `AND a.user_id = ANY(${escapeLiteral(`{${participants.join(',')}}`)}::uuid[])`;
    }
    // Milliseconds, as a JavaScript Date holds them.
    return `SELECT a.id, a.user_id, a.activity_type_id, a.quantity,
        floor(extract(epoch FROM a.occurred_at) * 1000)::bigint AS ms
      FROM activities a
      WHERE a.org_id = ${uuid(orgId)} AND a.voided_at IS NULL
        AND a.occurred_at >= ${instant(startsAt)} AND a.occurred_at < ${instant(endsAt)}
        AND a.activity_type_id IN (${types.map(uuid).join(', ')}) ${who}`;
  }

  /**
   * The log's statement, ordered by rep (`ORDER BY user_id, occurred_at, id`), and the rule
   * types' keys by id (read in the log's own snapshot); null when no rule type exists.
   */
  private async logQuery(
    client: PoolClient | Client,
    contest: LoadedContest,
    participants: LogParticipants,
  ): Promise<{ sql: string; keyOf: Map<string, string> } | null> {
    if (contest.ruleTypes.length === 0) return null;
    const { rows: typeRows } = await client.query<{ id: string; key: string }>(
      `SELECT id, key FROM activity_types WHERE org_id = $1 AND key = ANY($2::text[])`,
      [contest.entity.orgId, contest.ruleTypes],
    );
    if (typeRows.length === 0) return null;
    const keyOf = new Map(typeRows.map((row) => [row.id, row.key]));
    const sql = `${this.logSelect(contest, participants, [...keyOf.keys()])}
      ORDER BY a.user_id, a.occurred_at, a.id`;
    return { sql, keyOf };
  }

  /**
   * The log, rep by rep in user order (a batch of whole reps per chunk of the stream), each rep's
   * activities in the fixed order (`LogParser`).
   */
  private async *logReps(
    client: PoolClient | Client,
    contest: LoadedContest,
    participants: LogParticipants,
  ): AsyncIterable<RepLog[]> {
    const query = await this.logQuery(client, contest, participants);
    if (!query) return;
    const parser = new LogParser(query.keyOf);
    for await (const text of copyText(client, query.sql)) {
      const done = parser.push(text);
      if (done.length > 0) yield done;
    }
    const last = parser.end();
    if (last.length > 0) yield last;
  }

  /** The caller's connection (and so its transaction), or one of the pool's for a bare manager. */
  private async withClient<T>(
    manager: EntityManager,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<T> {
    if (manager.queryRunner) return work((await manager.queryRunner.connect()) as PoolClient);
    const runner = manager.connection.createQueryRunner('slave');
    try {
      const client = (await runner.connect()) as PoolClient;
      // One snapshot for every statement of the work (and for a reader of its own).
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await work(client);
      } finally {
        await client.query('COMMIT');
      }
    } finally {
      await runner.release();
    }
  }
}

/** A contest's kept activity rows for the verifier, in user order. */
function keptSelect(contest: LoadedContest): string {
  // trim_scale: numerics as the engine writes them ("12.5", "0"), no normalising per row here.
  return `SELECT user_id, activity_id, trim_scale(counted_units), trim_scale(points) FROM contest_activity_scores
      WHERE org_id = ${uuid(contest.entity.orgId)} AND contest_id = ${uuid(contest.entity.id)}
      ORDER BY contest_id, user_id`;
}

/** `COPY (sql) TO STDOUT`, chunk by chunk as the connection receives them. */
async function* copyStream(client: PoolClient | Client, sql: string): AsyncIterable<Buffer> {
  // Sorting a contest's log in memory, not in temp files (1M rows ≈ 150 MB of sort space).
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
  const stream = client.query(unbounded(copyTo(`COPY (${sql}) TO STDOUT`)));
  try {
    yield* stream as AsyncIterable<Buffer>;
  } finally {
    // node-postgres clears a query's read timer in the query's callback, which a COPY TO stream
    // never calls (COPY FROM does): left armed, the hour-long timer kept the verify-scores CLI
    // from exiting for an hour after it printed its report.
    (stream as { callback?: () => void }).callback?.();
  }
}

/** `COPY (sql) TO STDOUT` as text, the whole rows of each chunk (a row may span two chunks). */
async function* copyText(client: PoolClient | Client, sql: string): AsyncIterable<string> {
  let rest = '';
  for await (const chunk of copyStream(client, sql)) {
    const text = rest + chunk.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    rest = text.slice(end);
    if (end > 0) yield text.slice(0, end);
  }
}

/**
 * `COPY (sql) TO STDOUT`, as batches of rows (the whole rows of each chunk of the stream), each
 * row its text fields. Fields are uuids, type keys, numbers and `\N`, which COPY's text format
 * never escapes.
 */
async function* copyRows(client: PoolClient | Client, sql: string): AsyncIterable<string[][]> {
  for await (const text of copyText(client, sql)) {
    const rows: string[][] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      rows.push(text.slice(start, end).split('\t'));
      start = end + 1;
    }
    yield rows;
  }
}

/** Every batch of an async iterable, read now (for a connection that must be free again). */
async function materialise<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const batches: T[] = [];
  for await (const batch of source) batches.push(batch);
  return (async function* () {
    yield* batches;
  })();
}

/** A connection of its own, reading in the snapshot of the caller's transaction. */
class SnapshotReader {
  private closed = false;

  private constructor(readonly client: Client) {}

  /**
   * Opens a reader when the caller's transaction is at `isolation` and has written nothing (an
   * imported snapshot does not see the exporter's own writes), else null: read on the caller's
   * connection then. The reader is a connection outside the pool — the pool may be full of
   * writers waiting for the lock this caller holds.
   */
  static async open(
    manager: EntityManager,
    client: PoolClient,
    isolation: 'read committed' | 'repeatable read',
  ): Promise<SnapshotReader | null> {
    const { rows } = await client.query<{ isolation: string; written: boolean }>(
      `SELECT current_setting('transaction_isolation') AS isolation,
         pg_current_xact_id_if_assigned() IS NOT NULL AS written`,
    );
    if (rows[0].isolation !== isolation || rows[0].written) return null;
    const { rows: exported } = await client.query<{ snapshot: string }>(
      `SELECT pg_export_snapshot() AS snapshot`,
    );
    const reader = await connectionOf(manager);
    try {
      await reader.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await reader.query(`SET TRANSACTION SNAPSHOT ${escapeLiteral(exported[0].snapshot)}`);
      return new SnapshotReader(reader);
    } catch (error) {
      await reader.end().catch(() => undefined);
      throw error;
    }
  }

  /** The snapshot's transaction ends; the connection stays, for work of its own. */
  async release(): Promise<void> {
    await this.client.query('COMMIT');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.query('COMMIT').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/**
 * A connection of its own, outside the pool (whose connections may all be held by writers
 * waiting for the lock a re-score holds), with the pool's settings.
 */
async function connectionOf(manager: EntityManager): Promise<Client> {
  const pool = (manager.connection.driver as unknown as { master: { options: ClientConfig } })
    .master;
  const client = new Client(pool.options);
  client.on('error', () => undefined); // a failure surfaces in the query that meets it
  try {
    await client.connect();
    await client.query(`SET statement_timeout = ${LONG_WORK_MS}`);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * How long the builder waits for the locks to drop a build table while the caller's transaction
 * is open (a table with foreign keys needs the referenced tables' ACCESS EXCLUSIVE locks, which
 * the caller's own reads hold back): it is left for the sweep after the transaction.
 */
const BUILD_DROP_WAIT_MS = 200;

/** How long one try of a re-score's swap waits for a lock, and how many tries it makes. */
const SWAP_LOCK_WAIT_MS = 1_000;
const SWAP_TRIES = 30;

/**
 * A re-score's DDL in the caller's transaction (dropping the old partition, adding keys,
 * attaching the new one), which needs strong locks on the shared tables (ACCESS EXCLUSIVE on the
 * parent; the referenced tables' locks for the keys). Waiting for them unboundedly is how cycles
 * PostgreSQL cannot see form: every reader of `activities` queues behind the request, among them
 * another re-score's reader, whose caller (holding `activities`, as this one waits for) waits for
 * it in JavaScript. So each try waits at most SWAP_LOCK_WAIT_MS, rolls back to a savepoint —
 * letting the queue behind it go — and tries again after a jittered pause.
 */
async function swapping(client: PoolClient, work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await client.query(`SAVEPOINT arena_swap`);
    try {
      await client.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_WAIT_MS}ms'`);
      await work();
      await client.query(`SET LOCAL lock_timeout = 0`);
      await client.query(`RELEASE SAVEPOINT arena_swap`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03' || attempt >= SWAP_TRIES) throw error;
      await client.query(`ROLLBACK TO SAVEPOINT arena_swap`);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * 200 * Math.min(attempt, 5)),
      );
    }
  }
}

/**
 * A build table dropped; left in place (for a later sweep) when its locks are not had in time.
 * One string of two statements, run as one implicit transaction (so `SET LOCAL` ends with it,
 * whichever pooled connection runs it).
 */
async function dropBuild(
  query: (sql: string, params?: unknown[]) => Promise<unknown[]>,
  table: string,
  lockWaitMs?: number,
): Promise<void> {
  const wait = lockWaitMs === undefined ? '' : `SET LOCAL lock_timeout = '${lockWaitMs}ms'; `;
  await query(`${wait}DROP TABLE IF EXISTS ${table}`).catch(() => {
    // Left for the next sweep: this contest's next re-score, or the one after its transaction.
  });
}

/** A builder connection's statements, as `sweepBuilds` runs them. */
function builderQuery(builder: Client) {
  return async (sql: string, params?: unknown[]) => (await builder.query(sql, params)).rows;
}

/** Waits for every one of the promises, then fails with the first failure if there was one. */
async function settled(promises: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
}

/** Where a re-score's activity rows go: a COPY into the caller's transaction, or a spool file. */
interface RowSink {
  write(text: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(error: unknown): Promise<void>;
}

/** Where a re-score's breakdown lines (COPY text) and totals go, a rep or a batch at a time. */
interface RepSink {
  write(totals: Array<[string, string]>, lines: string): Promise<void>;
  close(): Promise<void>;
  abort(error: unknown): Promise<void>;
}

/** Lines to a spool file, totals held for one statement at the end. */
class SpooledReps implements RepSink {
  readonly totals: Array<[string, string]> = [];

  constructor(private readonly lines: SpoolFile) {}

  async write(totals: Array<[string, string]>, lines: string): Promise<void> {
    for (const total of totals) this.totals.push(total);
    await this.lines.write(lines);
  }

  async close(): Promise<void> {
    await this.lines.close();
  }

  async abort(): Promise<void> {
    await this.lines.abort();
  }
}

/**
 * Lines and totals in batches, each written by `flush` on one connection while the caller goes on
 * producing the next: the batches run one after the other, at most two waiting (then `write`
 * waits). `finished` waits for the last one and reports a failure of any.
 */
class BatchedReps implements RepSink {
  private lines = '';
  private totals: Array<[string, string]> = [];
  private queue: Promise<void> = Promise.resolve();
  private waiting = 0;
  private failure: unknown = null;

  constructor(
    private readonly batchChars: number,
    private readonly flush: (lines: string, totals: Array<[string, string]>) => Promise<void>,
  ) {}

  async write(totals: Array<[string, string]>, lines: string): Promise<void> {
    if (this.failure) throw this.failure;
    for (const total of totals) this.totals.push(total);
    this.lines += lines;
    if (this.lines.length >= this.batchChars) await this.send();
  }

  private async send(): Promise<void> {
    const lines = this.lines;
    const totals = this.totals;
    this.lines = '';
    this.totals = [];
    if (totals.length === 0) return;
    this.waiting++;
    this.queue = this.queue.then(async () => {
      try {
        if (!this.failure) await this.flush(lines, totals);
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.waiting--;
      }
    });
    if (this.waiting > 2) await this.queue;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.send();
  }

  async finished(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    await this.queue; // the connection is free again before the caller rolls back
  }
}

/** One COPY of a text already in memory. */
async function copyString(client: PoolClient | Client, sql: string, text: string): Promise<void> {
  const sink = new CopySink(client, sql);
  try {
    await sink.write(text);
    await sink.close();
  } catch (error) {
    await sink.abort(error);
    throw error;
  }
}

/** Writes of about this many characters go out as one (COPY data messages, file writes). */
const CHUNK = 64 * 1024;

/**
 * What a sink writes now: text gathered until it makes a chunk (then all of it), or bytes
 * (whatever text was gathered first, joined to them); null while text is still gathered.
 */
function pendingChunk(
  sink: { pending: string },
  text: string | Uint8Array,
): string | Buffer | null {
  if (typeof text !== 'string') {
    const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    const before = sink.pending;
    sink.pending = '';
    return before ? Buffer.concat([Buffer.from(before, 'utf8'), bytes]) : bytes;
  }
  sink.pending += text;
  if (sink.pending.length < CHUNK) return null;
  const chunk = sink.pending;
  sink.pending = '';
  return chunk;
}

/** `COPY … FROM STDIN` on a connection, written in chunks with backpressure. */
class CopySink implements RowSink {
  private readonly stream: Writable;
  private readonly done: Promise<void>;
  private failure: unknown = null;
  pending = '';

  constructor(client: PoolClient | Client, sql: string) {
    this.stream = client.query(unbounded(copyFrom(sql)));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
    this.done.catch((error: unknown) => (this.failure = error));
  }

  async write(text: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = pendingChunk(this, text);
    if (chunk && !this.stream.write(chunk))
      await Promise.race([once(this.stream, 'drain'), this.done]);
  }

  async close(): Promise<void> {
    if (this.pending) this.stream.write(this.pending);
    this.pending = '';
    this.stream.end();
    await this.done;
  }

  async abort(error: unknown): Promise<void> {
    // A CopyFail: the statement fails, and with it the caller's transaction.
    this.stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await this.done.catch(() => undefined);
  }
}

/** A COPY file on disk, written with backpressure. */
class SpoolFile implements RowSink {
  private readonly stream: WriteStream;
  pending = '';

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  async write(text: string | Uint8Array): Promise<void> {
    const chunk = pendingChunk(this, text);
    if (chunk && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.stream.closed) return;
    if (this.pending) this.stream.write(this.pending);
    this.pending = '';
    // 'close', not 'finish': the descriptor is released before the file is read or removed.
    const closed = once(this.stream, 'close');
    this.stream.end();
    await closed;
  }

  async abort(): Promise<void> {
    await this.close().catch(() => undefined);
  }

  async copyInto(client: PoolClient, sql: string): Promise<void> {
    await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
    await pipeline(createReadStream(this.path), client.query(unbounded(copyFrom(sql))));
  }
}

/** The COPY files of one re-score, removed whatever happens. */
class Spool {
  private readonly base = join(tmpdir(), `arena-rescore-${randomUUID()}`);
  readonly activities = new SpoolFile(`${this.base}.activities`);
  readonly lines = new SpoolFile(`${this.base}.lines`);

  async close(): Promise<void> {
    await Promise.all([this.activities.close(), this.lines.close()]);
  }

  async remove(): Promise<void> {
    await this.close().catch(() => undefined);
    await Promise.all(
      [this.activities, this.lines].map((file) => unlink(file.path).catch(() => undefined)),
    );
  }
}

/**
 * A whole contest's log is one statement each way: at a million activities it runs longer than
 * the per-request bounds (`DB_STATEMENT_TIMEOUT_MS` on the server, `DB_QUERY_TIMEOUT_MS` in the
 * client), which would turn publishing a big contest into a 503. These statements get an hour.
 */
const LONG_WORK_MS = 3_600_000;

/** node-postgres applies `query_timeout` to COPY streams too; a value of its own overrides it. */
function unbounded<T extends object>(stream: T): T {
  return Object.assign(stream, { query_timeout: LONG_WORK_MS });
}
