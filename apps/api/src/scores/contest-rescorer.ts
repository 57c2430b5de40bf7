import { createRepScorer, type ParticipantScore, type ScoringActivity } from '@arena/scoring';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { escapeLiteral, type PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { takesPartSql } from './participation';
import type { LoadedContest } from './scoring-contest';

/**
 * Whose activities a streamed log holds: `stored` asks the database who takes part in the stored
 * contest (`takesPartSql`, so a list of 100,000 ids never travels); a list names them (a preview's
 * unsaved design; ignored in team mode, where every rep takes part).
 */
export type LogParticipants = 'stored' | readonly string[];

/** One rep's activities of a contest's log, in the fixed order (SPEC §3.2). */
export interface RepLog {
  userId: string;
  activities: ScoringActivity[];
}

/** A rep's activity as kept in `contest_activity_scores`, for the verifier. */
export interface KeptActivity {
  activityId: string;
  countedUnits: string;
  points: string;
}

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

const instant = (value: Date): string => `'${value.toISOString()}'::timestamptz`;

/**
 * PostgreSQL's numeric text in the engine's normalised form ("12.50" → "12.5", "0.00" → "0"),
 * without a Decimal per value: numeric output is always plain notation.
 */
export function normalisedNumeric(text: string): string {
  let value = text;
  if (value.includes('.')) value = value.replace(/0+$/, '').replace(/\.$/, '');
  return value === '-0' ? '0' : value;
}

/**
 * Full re-scores and verification of one contest, streamed: the log comes out of PostgreSQL by
 * `COPY (SELECT … ORDER BY user_id, occurred_at, id) TO STDOUT`, so each rep's activities arrive
 * together and in the fixed order; each rep is scored (`createRepScorer`: `scoreParticipant`,
 * digit for digit, in scaled integers) as soon as the next rep begins, and only that rep is in
 * memory. Scored rows go to COPY files spooled on disk and enter the tables by `COPY … FROM
 * STDIN` on the caller's connection, in the caller's transaction — one connection cannot stream
 * a COPY out and another in at once, and the spool keeps memory flat whatever the log's size.
 */
export class ContestRescorer {
  /**
   * A contest re-scored into at least this many activity rows gets a partition of its own (built
   * bare and swapped in); smaller ones are COPYed into the shared partition.
   */
  ownPartitionRows = 50_000;

  /** Deletes a contest's kept scores (drafts and archived contests keep none). */
  async clear(manager: EntityManager, contestId: string): Promise<void> {
    await this.withClient(manager, (client) => this.dropActivityScores(client, contestId));
    // DELETE by the leading column of each primary key.
    for (const table of ['contest_score_lines', 'contest_scores'])
      await manager.query(`DELETE FROM ${table} WHERE contest_id = $1`, [contestId]);
  }

  /**
   * Recomputes a published contest from its log and stores the result, replacing what was kept.
   * The board members without activity get their 0-point rows from `ensureBoardRows`
   * (ScoreKeeper). A big contest's activity rows are COPYed into a bare table of their own, which
   * then gets its key, order index and foreign keys (each built or checked once, set-based: per
   * row they made the COPY 25× slower) and replaces the contest's kept rows as its partition of
   * `contest_activity_scores` at the very end, so the parent's ACCESS EXCLUSIVE lock that the
   * swap takes is held only for the moments before the commit.
   */
  async rescore(manager: EntityManager, contest: LoadedContest): Promise<void> {
    const { orgId, id: contestId } = contest.entity;
    const scorer = createRepScorer(contest.scoring);
    const spool = new Spool();
    try {
      const prefix = `${orgId}\t${contestId}\t`;
      await this.withClient(manager, async (client) => {
        for (const table of ['contest_score_lines', 'contest_scores'])
          await client.query(`DELETE FROM ${table} WHERE contest_id = $1`, [contestId]);
        let activityRows = 0;
        await this.streamLog(client, contest, 'stored', async ({ userId, activities }) => {
          const score = scorer.score(userId, activities);
          if (score.explanation.length === 0) return;
          activityRows += score.explanation.length;
          let rows = '';
          for (const line of score.explanation) {
            rows +=
              `${prefix}${line.activityId}\t${userId}\t${line.activityType}\t` +
              `${line.occurredAt.toISOString()}\t${line.localDay}\t${line.quantity}\t` +
              `${line.countedUnits}\t${line.multiplier}\t${line.points}\n`;
          }
          await spool.activities.write(rows);
          let lines = '';
          for (const line of score.breakdown) {
            lines += `${prefix}${userId}\t${line.activityType}\t${line.units}\t${line.countedUnits}\t${line.points}\n`;
          }
          await spool.lines.write(lines);
          await spool.scores.write(`${prefix}${userId}\t${score.points}\n`);
        });
        await spool.close();
        // Column lists stay explicit: database triggers fill the rest (names, board membership).
        await spool.lines.copyInto(
          client,
          `COPY contest_score_lines (org_id, contest_id, user_id, activity_type, units, counted_units, points) FROM STDIN`,
        );
        await spool.scores.copyInto(
          client,
          `COPY contest_scores (org_id, contest_id, user_id, points) FROM STDIN`,
        );
        const columns = `(org_id, contest_id, activity_id, user_id, activity_type, occurred_at, local_day, quantity, counted_units, multiplier, points)`;
        if (activityRows < this.ownPartitionRows) {
          await this.dropActivityScores(client, contestId);
          await spool.activities.copyInto(
            client,
            `COPY contest_activity_scores ${columns} FROM STDIN`,
          );
          return;
        }
        const table = `${partitionPrefix(contestId)}${randomUUID().slice(0, 8)}`;
        const id = uuid(contestId);
        await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
        await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        await client.query(`CREATE TABLE ${table} (LIKE contest_activity_scores)`);
        await spool.activities.copyInto(client, `COPY ${table} ${columns} FROM STDIN`);
        await client.query(
          `ALTER TABLE ${table} ADD CONSTRAINT ${table}_contest CHECK (contest_id = ${id}),
             ADD CONSTRAINT ${table}_pkey PRIMARY KEY (org_id, activity_id, contest_id)`,
        );
        await client.query(
          `CREATE INDEX ${table}_order ON ${table} (contest_id, user_id, activity_type, occurred_at, activity_id)`,
        );
        // The parent's keys under their names: ATTACH adopts them instead of checking again.
        for (const [name, column, parent] of ACTIVITY_SCORE_KEYS) {
          await client.query(
            `ALTER TABLE ${table} ADD CONSTRAINT ${name} FOREIGN KEY (org_id, ${column})
               REFERENCES ${parent} (org_id, id) ON DELETE CASCADE`,
          );
        }
        await this.dropActivityScores(client, contestId);
        await client.query(
          `ALTER TABLE contest_activity_scores ATTACH PARTITION ${table} FOR VALUES IN (${id})`,
        );
      });
    } finally {
      await spool.remove();
    }
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
    await this.withClient(manager, (client) =>
      this.streamLog(client, contest, participants, ({ userId, activities }) =>
        onScore(scorer.score(userId, activities)),
      ),
    );
  }

  /**
   * The log merged with the kept activity rows, rep by rep (both in user order, one FULL JOIN
   * in PostgreSQL): what the verifier compares, with one rep in memory at a time.
   */
  async forEachComparison(
    manager: EntityManager,
    contest: LoadedContest,
    onRep: (rep: RepComparison) => void | Promise<void>,
  ): Promise<void> {
    const kept = `SELECT activity_id, user_id, counted_units, points FROM contest_activity_scores
      WHERE org_id = ${uuid(contest.entity.orgId)} AND contest_id = ${uuid(contest.entity.id)}`;
    const sql = `SELECT coalesce(l.user_id, k.user_id), l.id, l.user_id, l.key, l.quantity, l.ms,
        k.activity_id, k.counted_units, k.points
      FROM (${this.logSelect(contest, 'stored')}) l FULL JOIN (${kept}) k ON k.activity_id = l.id
      ORDER BY 1, l.ms, l.id`;
    await this.withClient(manager, async (client) => {
      let rep = null as RepComparison | null;
      await this.copyRows(client, sql, (fields) => {
        const userId = fields[0];
        const done = rep && rep.userId !== userId ? rep : null;
        if (done) rep = null;
        rep ??= { userId, activities: [], kept: new Map() };
        if (fields[1] !== '\\N') rep.activities.push(activityOf(userId, fields, 1));
        if (fields[6] !== '\\N')
          rep.kept.set(fields[6], {
            activityId: fields[6],
            countedUnits: normalisedNumeric(fields[7]),
            points: normalisedNumeric(fields[8]),
          });
        return done ? onRep(done) : undefined;
      });
      if (rep) await onRep(rep);
    });
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
    await this.withClient(manager, (client) =>
      this.copyRows(
        client,
        `SELECT ${columns} FROM ${table}
         WHERE org_id = ${uuid(contest.entity.orgId)} AND contest_id = ${uuid(contest.entity.id)}`,
        onRow,
      ),
    );
  }

  /** The contest's log as a SELECT of (id, user_id, key, quantity, ms), unordered. */
  private logSelect(contest: LoadedContest, participants: LogParticipants): string {
    const { orgId, id, startsAt, endsAt, mode } = contest.entity;
    const types = contest.ruleTypes.map((type) => escapeLiteral(type)).join(', ');
    let who = '';
    if (participants === 'stored') {
      who = `AND ${takesPartSql('c', 'a.user_id')}`;
    } else if (mode === 'individual') {
      for (const participant of participants) uuid(participant);
      who = `AND a.user_id = ANY(${escapeLiteral(`{${participants.join(',')}}`)}::uuid[])`;
    }
    // Milliseconds, as a JavaScript Date holds them: the order is SPEC §3.2's to the digit.
    return `SELECT a.id, a.user_id, t.key, a.quantity,
        floor(extract(epoch FROM a.occurred_at) * 1000)::bigint AS ms
      FROM activities a
      JOIN activity_types t ON t.org_id = a.org_id AND t.id = a.activity_type_id
      ${participants === 'stored' ? `JOIN contests c ON c.org_id = a.org_id AND c.id = ${uuid(id)}` : ''}
      WHERE a.org_id = ${uuid(orgId)} AND a.voided_at IS NULL
        AND a.occurred_at >= ${instant(startsAt)} AND a.occurred_at < ${instant(endsAt)}
        AND t.key IN (${types}) ${who}`;
  }

  private async streamLog(
    client: PoolClient,
    contest: LoadedContest,
    participants: LogParticipants,
    onRep: (rep: RepLog) => void | Promise<void>,
  ): Promise<void> {
    if (contest.ruleTypes.length === 0) return;
    let rep = null as RepLog | null;
    await this.copyRows(
      client,
      `${this.logSelect(contest, participants)} ORDER BY a.user_id, ms, a.id`,
      (fields) => {
        const userId = fields[1];
        const done = rep && rep.userId !== userId ? rep : null;
        if (done) rep = null;
        rep ??= { userId, activities: [] };
        rep.activities.push(activityOf(userId, fields, 0));
        return done ? onRep(done) : undefined;
      },
    );
    if (rep) await onRep(rep);
  }

  /**
   * `COPY (sql) TO STDOUT`, row by row. Fields are uuids, type keys, numbers and `\N`, which
   * COPY's text format never escapes; a row may span two chunks of the stream.
   */
  private async copyRows(
    client: PoolClient,
    sql: string,
    onRow: (fields: string[]) => void | Promise<void>,
  ): Promise<void> {
    // Sorting a contest's log in memory, not in temp files (1M rows ≈ 150 MB of sort space).
    await client.query(`SET LOCAL work_mem = '256MB'`);
    await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
    const stream = client.query(unbounded(copyTo(`COPY (${sql}) TO STDOUT`)));
    let rest = '';
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const text = rest + chunk.toString('utf8');
        let start = 0;
        for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
          const result = onRow(text.slice(start, end).split('\t'));
          if (result) await result;
          start = end + 1;
        }
        rest = text.slice(start);
      }
    } finally {
      // node-postgres clears a query's read timer in the query's callback, which a COPY TO
      // stream never calls (COPY FROM does): left armed, the hour-long timer kept the
      // verify-scores CLI from exiting for an hour after it printed its report.
      (stream as { callback?: () => void }).callback?.();
    }
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
      await client.query('BEGIN READ ONLY');
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

function activityOf(userId: string, fields: string[], at: number): ScoringActivity {
  return {
    id: fields[at],
    userId,
    activityType: fields[at + 2],
    quantity: fields[at + 3],
    occurredAt: new Date(Number(fields[at + 4])),
  };
}

/** A COPY file on disk, written with backpressure. */
class SpoolFile {
  private readonly stream: WriteStream;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  async write(text: string): Promise<void> {
    if (text && !this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.stream.closed) return;
    // 'close', not 'finish': the descriptor is released before the file is read or removed.
    const closed = once(this.stream, 'close');
    this.stream.end();
    await closed;
  }

  async copyInto(client: PoolClient, sql: string): Promise<void> {
    await client.query(`SET LOCAL statement_timeout = ${LONG_WORK_MS}`);
    await pipeline(createReadStream(this.path), client.query(unbounded(copyFrom(sql))));
  }
}

/** The three COPY files of one re-score, removed whatever happens. */
class Spool {
  private readonly base = join(tmpdir(), `arena-rescore-${randomUUID()}`);
  readonly activities = new SpoolFile(`${this.base}.activities`);
  readonly lines = new SpoolFile(`${this.base}.lines`);
  readonly scores = new SpoolFile(`${this.base}.scores`);

  async close(): Promise<void> {
    await Promise.all([this.activities.close(), this.lines.close(), this.scores.close()]);
  }

  async remove(): Promise<void> {
    await this.close().catch(() => undefined);
    await Promise.all(
      [this.activities, this.lines, this.scores].map((file) =>
        unlink(file.path).catch(() => undefined),
      ),
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
