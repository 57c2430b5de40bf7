import { MigrationInterface, QueryRunner } from 'typeorm';

/** [constraint, column, parent] of the kept activity scores' foreign keys (all `(org_id, x)`). */
const KEYS: [string, string, string][] = [
  ['fk_contest_activity_scores_contest', 'contest_id', 'contests'],
  ['fk_contest_activity_scores_activity', 'activity_id', 'activities'],
  ['fk_contest_activity_scores_user', 'user_id', 'users'],
];

const COLUMNS = `"contest_id" uuid NOT NULL, "activity_id" uuid NOT NULL, "user_id" uuid NOT NULL,
  "activity_type" character varying(40) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
  "local_day" date NOT NULL, "quantity" numeric(14,2) NOT NULL, "counted_units" numeric NOT NULL,
  "multiplier" numeric NOT NULL, "points" numeric NOT NULL, "org_id" uuid NOT NULL`;

/**
 * `contest_activity_scores` becomes a table partitioned by `contest_id` (LIST), its rows so far
 * the DEFAULT partition `contest_activity_scores_shared`. A full re-score of a big contest builds
 * that contest's rows in a table of its own — COPY into a bare table, then its primary key, order
 * index and foreign keys each built or checked once, set-based — and swaps it in as the contest's
 * partition (ContestRescorer): per-row index maintenance and foreign-key triggers made writing a
 * million rows 25× slower than the bare COPY. Small contests stay in the shared partition. The
 * parent keeps the primary key, the order index and the three `(org_id, x_id)` foreign keys, so
 * every partition has them, under the same constraint names.
 */
export class ActivityScorePartitions1795980000000 implements MigrationInterface {
  name = 'ActivityScorePartitions1795980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE "contest_activity_scores" RENAME TO "contest_activity_scores_shared"`);
    await q(
      `ALTER TABLE "contest_activity_scores_shared" RENAME CONSTRAINT "pk_contest_activity_scores" TO "pk_contest_activity_scores_shared"`,
    );
    await q(
      `ALTER INDEX "idx_contest_activity_scores_order" RENAME TO "idx_contest_activity_scores_shared_order"`,
    );
    for (const [name] of KEYS)
      await q(`ALTER TABLE "contest_activity_scores_shared" DROP CONSTRAINT "${name}"`);
    await q(`CREATE TABLE "contest_activity_scores" (${COLUMNS}) PARTITION BY LIST ("contest_id")`);
    await q(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "pk_contest_activity_scores" PRIMARY KEY ("org_id", "activity_id", "contest_id")`,
    );
    await q(
      `CREATE INDEX "idx_contest_activity_scores_order" ON "contest_activity_scores" ("contest_id", "user_id", "activity_type", "occurred_at", "activity_id")`,
    );
    for (const [name, column, parent] of KEYS) {
      await q(
        `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "${name}" FOREIGN KEY ("org_id", "${column}") REFERENCES "${parent}"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
    // The existing key and order index become the partition's; each foreign key is checked once.
    await q(
      `ALTER TABLE "contest_activity_scores" ATTACH PARTITION "contest_activity_scores_shared" DEFAULT`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE "contest_activity_scores_plain" (${COLUMNS})`);
    await q(
      `INSERT INTO "contest_activity_scores_plain" SELECT "contest_id", "activity_id", "user_id", "activity_type", "occurred_at", "local_day", "quantity", "counted_units", "multiplier", "points", "org_id" FROM "contest_activity_scores"`,
    );
    await q(`DROP TABLE "contest_activity_scores"`);
    await q(`ALTER TABLE "contest_activity_scores_plain" RENAME TO "contest_activity_scores"`);
    await q(
      `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "pk_contest_activity_scores" PRIMARY KEY ("org_id", "activity_id", "contest_id")`,
    );
    await q(
      `CREATE INDEX "idx_contest_activity_scores_order" ON "contest_activity_scores" ("contest_id", "user_id", "activity_type", "occurred_at", "activity_id")`,
    );
    for (const [name, column, parent] of KEYS) {
      await q(
        `ALTER TABLE "contest_activity_scores" ADD CONSTRAINT "${name}" FOREIGN KEY ("org_id", "${column}") REFERENCES "${parent}"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
  }
}
