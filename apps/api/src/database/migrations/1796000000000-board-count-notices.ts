import { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel every instance LISTENs on (`scores/board-counts.ts`). */
export const BOARD_COUNTS_CHANNEL = 'arena_board_counts';

/**
 * Every statement that changes `contest_scores` tells every instance, at its commit, how many
 * board entries each displayed score gained or lost (issue 14: ranks without counting the
 * board). One notice per contest per statement: `<contest> <xid> <n> <points>:<±count>,…`, where
 * `xid` is the writing transaction (`pg_current_xact_id()`, so a listener can tell whether a
 * board it read already includes it: `pg_current_snapshot()` of its read) and `n` numbers the
 * transaction's notices (PostgreSQL folds identical payloads of one transaction into one). A
 * statement that moves too many scores for one payload (a re-score, a big import) sends
 * `<contest> <xid> <n> reload`: the listeners read that board again.
 *
 * NOTIFY is transactional: a rolled-back statement says nothing, a committed one is delivered
 * once to every listening connection, in commit order — without Redis, on one instance or many.
 */
export class BoardCountNotices1796000000000 implements MigrationInterface {
  name = 'BoardCountNotices1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    // `d` is the statement's change as (contest, displayed points, +1 | −1) for on-board rows.
    const notify = (d: string) => `
        FOR r IN
          SELECT g.contest_id, string_agg(g.rank_points::text || ':' || g.n, ',') AS body
            FROM (SELECT d.contest_id, d.rank_points, sum(d.n) AS n FROM (${d}) d
                   GROUP BY d.contest_id, d.rank_points HAVING sum(d.n) <> 0) g
           GROUP BY g.contest_id
        LOOP
          seq := coalesce(nullif(current_setting('arena.board_notices', true), ''), '0')::int + 1;
          PERFORM set_config('arena.board_notices', seq::text, true);
          PERFORM pg_notify('${BOARD_COUNTS_CHANNEL}', r.contest_id || ' ' || pg_current_xact_id() || ' ' || seq || ' ' ||
            CASE WHEN length(r.body) > 7000 THEN 'reload' ELSE r.body END);
        END LOOP;
        RETURN NULL;`;
    await q(`
      CREATE OR REPLACE FUNCTION contest_scores_notify_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; seq int;
      BEGIN ${notify(`SELECT contest_id, rank_points, 1 AS n FROM new_rows WHERE on_board`)}
      END $$`);
    await q(`
      CREATE OR REPLACE FUNCTION contest_scores_notify_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; seq int;
      BEGIN ${notify(`SELECT contest_id, rank_points, 1 AS n FROM new_rows WHERE on_board
                      UNION ALL SELECT contest_id, rank_points, -1 FROM old_rows WHERE on_board`)}
      END $$`);
    await q(`
      CREATE OR REPLACE FUNCTION contest_scores_notify_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE r record; seq int;
      BEGIN ${notify(`SELECT contest_id, rank_points, -1 AS n FROM old_rows WHERE on_board`)}
      END $$`);
    await q(`
      CREATE TRIGGER trg_contest_scores_notify_inserted AFTER INSERT ON contest_scores
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contest_scores_notify_inserted()`);
    await q(`
      CREATE TRIGGER trg_contest_scores_notify_updated AFTER UPDATE ON contest_scores
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contest_scores_notify_updated()`);
    await q(`
      CREATE TRIGGER trg_contest_scores_notify_deleted AFTER DELETE ON contest_scores
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contest_scores_notify_deleted()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    for (const op of ['inserted', 'updated', 'deleted']) {
      await q(`DROP TRIGGER trg_contest_scores_notify_${op} ON contest_scores`);
      await q(`DROP FUNCTION contest_scores_notify_${op}()`);
    }
  }
}
