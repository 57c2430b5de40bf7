import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `contest_scores` becomes the standings (issue 14): one row per (contest, rep) for every rep
 * scored in the contest and every current board member (0 points until they score), with what a
 * ranked read needs kept beside the points by the database itself, so no code path has to:
 *
 * - `name`: the rep's name (SPEC §3 lists ties by name), in the ICU collation `arena_names` —
 *   numeric, case- and accent-insensitive, the SQL twin of `Intl.Collator('en', {numeric: true,
 *   sensitivity: 'base'})` — so `ORDER BY rank_points DESC, name, user_id` is the board's order;
 * - `on_board`: the rep competes (active, competes) and takes part in the contest now
 *   (`arena_on_board`: listed, every rep of the organisation, or a member of a listed team);
 * - `rank_points`: the points as displayed (SPEC §3 ranks by them), generated;
 * - `idx_contest_scores_board`: the ordered index a page, a rank (count of higher rank_points)
 *   and "around me" are read from, partial on `on_board`;
 * - `contest_boards.entries`: how many reps are on each board, kept by statement triggers, so a
 *   page's `total` is one primary-key read instead of a count over the board.
 *
 * Triggers: BEFORE INSERT fills `name`/`on_board` from the user and the contest (inserts keep
 * supplying only org_id, contest_id, user_id, points); a user's rename, activation, `competes` or
 * team change updates that user's rows only (cost: their contests, not the organisation) and adds
 * rows for the boards they join; new users join the boards of open contests ("everyone") and of
 * their team. Contests gain `participant_scope`: 'listed' (participant ids), 'all' (every
 * competing rep of the organisation, resolved live) or 'teams' (every member of the listed teams).
 */
export class Standings1795850000000 implements MigrationInterface {
  name = 'Standings1795850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    await q(
      `CREATE COLLATION IF NOT EXISTS "arena_names" (provider = icu, locale = 'en-u-kn-true-ks-level1', deterministic = false)`,
    );

    await q(
      `ALTER TABLE "contests" ADD "participant_scope" character varying(16) NOT NULL DEFAULT 'listed'`,
    );
    await q(
      `ALTER TABLE "contests" ADD CONSTRAINT "chk_contests_participant_scope" CHECK ("participant_scope" IN ('listed', 'all', 'teams'))`,
    );

    // Functions survive a restore's `--replace` (which drops the tables): OR REPLACE.
    // Who is on a contest's board now: one definition, used by the triggers and the re-score.
    // PL/pgSQL, not SQL: a SQL function with subqueries is never inlined and would be planned
    // again on every call from a trigger; PL/pgSQL keeps its plans for the session.
    await q(`
      CREATE OR REPLACE FUNCTION arena_on_board(c_id uuid, c_mode varchar, c_scope varchar, u_id uuid, u_team uuid, u_competes boolean)
      RETURNS boolean LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
      BEGIN
        IF NOT coalesce(u_competes, false) THEN
          RETURN false;
        ELSIF c_mode = 'team' OR c_scope = 'teams' THEN
          RETURN u_team IS NOT NULL AND EXISTS (
            SELECT 1 FROM contest_participants p WHERE p.contest_id = c_id AND p.team_id = u_team);
        ELSIF c_scope = 'all' THEN
          RETURN true;
        END IF;
        RETURN EXISTS (SELECT 1 FROM contest_participants p WHERE p.contest_id = c_id AND p.user_id = u_id);
      END $$`);

    // Ranks: how many board entries have higher displayed points — an index range scan of the
    // entries above. Planned for each value (force_custom_plan): a statement that takes the
    // value from another row would be planned for "a third of the board" and scan all of it.
    await q(`
      CREATE OR REPLACE FUNCTION arena_board_above(c_id uuid, at_points numeric) RETURNS bigint
      LANGUAGE plpgsql STABLE PARALLEL SAFE SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        RETURN (SELECT count(*) FROM contest_scores s
                 WHERE s.contest_id = c_id AND s.on_board AND s.rank_points > at_points);
      END $$`);
    // The same count, and the count through the entries tied at `at_points`, in one scan.
    await q(`
      CREATE OR REPLACE FUNCTION arena_board_through(c_id uuid, at_points numeric) RETURNS bigint[]
      LANGUAGE plpgsql STABLE PARALLEL SAFE SET plan_cache_mode = force_custom_plan AS $$
      BEGIN
        RETURN (SELECT ARRAY[count(*) FILTER (WHERE s.rank_points > at_points), count(*)] FROM contest_scores s
                 WHERE s.contest_id = c_id AND s.on_board AND s.rank_points >= at_points);
      END $$`);

    await q(`ALTER TABLE "contest_scores" ADD "name" character varying(120) COLLATE "arena_names"`);
    await q(`ALTER TABLE "contest_scores" ADD "on_board" boolean`);
    await q(
      `ALTER TABLE "contest_scores" ADD "rank_points" numeric GENERATED ALWAYS AS (round(points, 2)) STORED`,
    );
    // TypeORM compares generated columns with the expression it keeps in its own metadata table
    // (which it creates, and keeps, once an entity has a generated column).
    await q(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await q(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       SELECT current_database(), current_schema(), 'contest_scores', 'GENERATED_COLUMN', 'rank_points', 'round(points, 2)'
        WHERE NOT EXISTS (SELECT 1 FROM "typeorm_metadata" WHERE "table" = 'contest_scores' AND "name" = 'rank_points')`,
    );
    await q(`
      UPDATE contest_scores s
         SET name = u.name,
             on_board = arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, u.active AND u.competes)
        FROM users u, contests c
       WHERE u.id = s.user_id AND c.id = s.contest_id`);
    await q(`ALTER TABLE "contest_scores" ALTER COLUMN "name" SET NOT NULL`);
    await q(`ALTER TABLE "contest_scores" ALTER COLUMN "on_board" SET NOT NULL`);
    await q(`ALTER TABLE "contest_scores" ALTER COLUMN "rank_points" SET NOT NULL`);
    // Every current board member of a published contest gets a row (0 points until they score):
    // the listed reps of individual contests, the members of the listed teams of team contests.
    await q(`
      INSERT INTO contest_scores (org_id, contest_id, user_id, points, name, on_board)
      SELECT c.org_id, c.id, u.id, 0, u.name, true
        FROM contests c
        JOIN contest_participants p ON p.contest_id = c.id
        JOIN users u ON u.org_id = c.org_id AND (u.id = p.user_id OR u.team_id = p.team_id)
       WHERE c.published_at IS NOT NULL AND u.active AND u.competes
         AND (c.mode = 'team') = (p.team_id IS NOT NULL)
      ON CONFLICT DO NOTHING`);

    await q(`DROP INDEX "idx_contest_scores_contest_points"`);
    await q(
      `CREATE INDEX "idx_contest_scores_board" ON "contest_scores" ("contest_id", "rank_points" DESC, "name", "user_id") WHERE "on_board"`,
    );
    await q(`CREATE INDEX "idx_contest_scores_user" ON "contest_scores" ("org_id", "user_id")`);

    await q(
      `CREATE TABLE "contest_boards" ("contest_id" uuid NOT NULL, "org_id" uuid NOT NULL, "entries" integer NOT NULL DEFAULT 0, CONSTRAINT "pk_contest_boards" PRIMARY KEY ("contest_id"))`,
    );
    await q(
      `ALTER TABLE "contest_boards" ADD CONSTRAINT "fk_contest_boards_contest" FOREIGN KEY ("org_id", "contest_id") REFERENCES "contests"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q(`
      INSERT INTO contest_boards (contest_id, org_id, entries)
      SELECT contest_id, org_id, count(*) FILTER (WHERE on_board) FROM contest_scores GROUP BY contest_id, org_id`);

    // name / on_board of a new row, from its user and contest. FOR SHARE: a concurrent rename or
    // deactivation of the user waits for this row to be visible to its trigger (or this insert
    // reads its result), so no row keeps a stale name.
    await q(`
      CREATE OR REPLACE FUNCTION contest_scores_fill_board() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- An upsert of a row that exists (every write of a rep's points) keeps that row's values:
        -- nothing to look up. (Rows are deleted only under the contest's exclusive lock, or with
        -- their user or contest, so the row cannot vanish before the insert meets it.)
        IF EXISTS (SELECT 1 FROM contest_scores s WHERE s.contest_id = NEW.contest_id AND s.user_id = NEW.user_id) THEN
          NEW.name := coalesce(NEW.name, '');
          NEW.on_board := coalesce(NEW.on_board, false);
          RETURN NEW;
        END IF;
        SELECT u.name, arena_on_board(c.id, c.mode, c.participant_scope, u.id, u.team_id, u.active AND u.competes)
          INTO NEW.name, NEW.on_board
          FROM users u JOIN contests c ON c.id = NEW.contest_id AND c.org_id = u.org_id
         WHERE u.id = NEW.user_id
           FOR SHARE OF u;
        -- An unknown user or contest: the foreign keys refuse the row, with their own message.
        NEW.name := coalesce(NEW.name, '');
        NEW.on_board := coalesce(NEW.on_board, false);
        RETURN NEW;
      END $$`);
    await q(`
      CREATE TRIGGER trg_contest_scores_fill_board BEFORE INSERT ON contest_scores
      FOR EACH ROW WHEN (NEW.name IS NULL OR NEW.on_board IS NULL)
      EXECUTE FUNCTION contest_scores_fill_board()`);

    // The boards' sizes, per statement (a re-score inserts a whole board in one).
    await q(`
      CREATE OR REPLACE FUNCTION contest_boards_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contest_boards AS b (contest_id, org_id, entries)
        SELECT contest_id, org_id, count(*) FROM added WHERE on_board GROUP BY contest_id, org_id ORDER BY contest_id
        ON CONFLICT (contest_id) DO UPDATE SET entries = b.entries + EXCLUDED.entries;
        RETURN NULL;
      END $$`);
    await q(`
      CREATE TRIGGER trg_contest_boards_count_added AFTER INSERT ON contest_scores
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION contest_boards_count_added()`);
    await q(`
      CREATE OR REPLACE FUNCTION contest_boards_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE contest_boards b SET entries = b.entries - r.n
          FROM (SELECT contest_id, count(*) AS n FROM removed WHERE on_board GROUP BY contest_id) r
         WHERE b.contest_id = r.contest_id;
        RETURN NULL;
      END $$`);
    await q(`
      CREATE TRIGGER trg_contest_boards_count_removed AFTER DELETE ON contest_scores
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION contest_boards_count_removed()`);
    await q(`
      CREATE OR REPLACE FUNCTION contest_boards_count_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contest_boards AS b (contest_id, org_id, entries)
        VALUES (NEW.contest_id, NEW.org_id, CASE WHEN NEW.on_board THEN 1 ELSE -1 END)
        ON CONFLICT (contest_id) DO UPDATE SET entries = b.entries + EXCLUDED.entries;
        RETURN NULL;
      END $$`);
    await q(`
      CREATE TRIGGER trg_contest_boards_count_moved AFTER UPDATE OF on_board ON contest_scores
      FOR EACH ROW WHEN (OLD.on_board IS DISTINCT FROM NEW.on_board)
      EXECUTE FUNCTION contest_boards_count_moved()`);

    // A user's change reaches their own rows, and the boards they now belong to.
    await q(`
      CREATE OR REPLACE FUNCTION users_sync_boards() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        moved boolean := (NEW.active, NEW.competes, NEW.team_id) IS DISTINCT FROM (OLD.active, OLD.competes, OLD.team_id);
      BEGIN
        IF NEW.name IS DISTINCT FROM OLD.name THEN
          UPDATE contest_scores s
             SET name = NEW.name,
                 on_board = arena_on_board(c.id, c.mode, c.participant_scope, NEW.id, NEW.team_id, NEW.active AND NEW.competes)
            FROM contests c
           WHERE s.org_id = NEW.org_id AND s.user_id = NEW.id AND c.id = s.contest_id;
        ELSIF moved THEN
          UPDATE contest_scores s
             SET on_board = arena_on_board(c.id, c.mode, c.participant_scope, NEW.id, NEW.team_id, NEW.active AND NEW.competes)
            FROM contests c
           WHERE s.org_id = NEW.org_id AND s.user_id = NEW.id AND c.id = s.contest_id
             AND s.on_board IS DISTINCT FROM arena_on_board(c.id, c.mode, c.participant_scope, NEW.id, NEW.team_id, NEW.active AND NEW.competes);
        END IF;
        IF moved AND NEW.active AND NEW.competes THEN
          INSERT INTO contest_scores (org_id, contest_id, user_id, points, name, on_board)
          SELECT c.org_id, c.id, NEW.id, 0, NEW.name, true
            FROM contests c
           WHERE c.org_id = NEW.org_id AND c.published_at IS NOT NULL
             AND (c.participant_scope = 'all' OR c.id IN (
                   SELECT p.contest_id FROM contest_participants p
                    WHERE p.user_id = NEW.id OR (NEW.team_id IS NOT NULL AND p.team_id = NEW.team_id)))
             AND arena_on_board(c.id, c.mode, c.participant_scope, NEW.id, NEW.team_id, true)
           ORDER BY c.id
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await q(`
      CREATE TRIGGER trg_users_sync_boards AFTER UPDATE OF name, active, competes, team_id ON users
      FOR EACH ROW EXECUTE FUNCTION users_sync_boards()`);
    await q(`
      CREATE OR REPLACE FUNCTION users_join_boards() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO contest_scores (org_id, contest_id, user_id, points, name, on_board)
        SELECT c.org_id, c.id, u.id, 0, u.name, true
          FROM joined u JOIN contests c ON c.org_id = u.org_id
         WHERE u.active AND u.competes AND c.published_at IS NOT NULL
           AND c.mode = 'individual' AND c.participant_scope = 'all'
        UNION ALL
        SELECT c.org_id, c.id, u.id, 0, u.name, true
          FROM joined u
          JOIN contest_participants p ON p.team_id = u.team_id
          JOIN contests c ON c.id = p.contest_id AND c.org_id = u.org_id
         WHERE u.active AND u.competes AND c.published_at IS NOT NULL
           AND (c.mode = 'team' OR c.participant_scope = 'teams')
        ORDER BY 2, 3
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q(`
      CREATE TRIGGER trg_users_join_boards AFTER INSERT ON users
      REFERENCING NEW TABLE AS joined FOR EACH STATEMENT EXECUTE FUNCTION users_join_boards()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TRIGGER trg_users_join_boards ON users`);
    await q(`DROP TRIGGER trg_users_sync_boards ON users`);
    await q(`DROP FUNCTION users_join_boards()`);
    await q(`DROP FUNCTION users_sync_boards()`);
    await q(`DROP TRIGGER trg_contest_boards_count_moved ON contest_scores`);
    await q(`DROP TRIGGER trg_contest_boards_count_removed ON contest_scores`);
    await q(`DROP TRIGGER trg_contest_boards_count_added ON contest_scores`);
    await q(`DROP TRIGGER trg_contest_scores_fill_board ON contest_scores`);
    await q(`DROP FUNCTION contest_boards_count_moved()`);
    await q(`DROP FUNCTION contest_boards_count_removed()`);
    await q(`DROP FUNCTION contest_boards_count_added()`);
    await q(`DROP FUNCTION contest_scores_fill_board()`);
    await q(`DROP TABLE "contest_boards"`);
    await q(`DROP INDEX "idx_contest_scores_user"`);
    await q(`DROP INDEX "idx_contest_scores_board"`);
    // Rows that only stood for a board member without points were not kept before.
    await q(
      `DELETE FROM contest_scores s WHERE s.points = 0 AND NOT EXISTS (SELECT 1 FROM contest_score_lines l WHERE l.contest_id = s.contest_id AND l.user_id = s.user_id)`,
    );
    await q(
      `CREATE INDEX "idx_contest_scores_contest_points" ON "contest_scores" ("contest_id", "points")`,
    );
    await q(
      `DELETE FROM "typeorm_metadata" WHERE "table" = 'contest_scores' AND "name" = 'rank_points' AND "type" = 'GENERATED_COLUMN'`,
    );
    await q(`ALTER TABLE "contest_scores" DROP COLUMN "rank_points"`);
    await q(`ALTER TABLE "contest_scores" DROP COLUMN "on_board"`);
    await q(`ALTER TABLE "contest_scores" DROP COLUMN "name"`);
    await q(`DROP FUNCTION arena_board_through(uuid, numeric)`);
    await q(`DROP FUNCTION arena_board_above(uuid, numeric)`);
    await q(`DROP FUNCTION arena_on_board(uuid, varchar, varchar, uuid, uuid, boolean)`);
    await q(`ALTER TABLE "contests" DROP CONSTRAINT "chk_contests_participant_scope"`);
    await q(`ALTER TABLE "contests" DROP COLUMN "participant_scope"`);
    await q(`DROP COLLATION "arena_names"`);
  }
}
