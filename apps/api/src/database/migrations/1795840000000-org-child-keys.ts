import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Child tables that had no `org_id`: [table, the parent whose `org_id` they take, the column
 * naming that parent]. Rows of a contest belong to the contest's organisation, a revoked token
 * to its user's.
 */
const CHILDREN: [string, 'contests' | 'users', string][] = [
  ['contest_participants', 'contests', 'contest_id'],
  ['contest_rules', 'contests', 'contest_id'],
  ['contest_multipliers', 'contests', 'contest_id'],
  ['contest_scores', 'contests', 'contest_id'],
  ['contest_score_lines', 'contests', 'contest_id'],
  ['contest_activity_scores', 'contests', 'contest_id'],
  ['contest_live_states', 'contests', 'contest_id'],
  ['revoked_tokens', 'users', 'user_id'],
];

/**
 * Every foreign key of those tables: [constraint, table, column, parent]. All are ON DELETE
 * CASCADE, before and after; names stay as they were (the entities name them).
 */
const KEYS: [string, string, string, string][] = [
  ['fk_contest_participants_contest', 'contest_participants', 'contest_id', 'contests'],
  ['fk_contest_participants_user', 'contest_participants', 'user_id', 'users'],
  ['fk_contest_participants_team', 'contest_participants', 'team_id', 'teams'],
  ['fk_contest_rules_contest', 'contest_rules', 'contest_id', 'contests'],
  ['fk_contest_multipliers_contest', 'contest_multipliers', 'contest_id', 'contests'],
  ['fk_contest_scores_contest', 'contest_scores', 'contest_id', 'contests'],
  ['fk_contest_scores_user', 'contest_scores', 'user_id', 'users'],
  ['fk_contest_score_lines_contest', 'contest_score_lines', 'contest_id', 'contests'],
  ['fk_contest_score_lines_user', 'contest_score_lines', 'user_id', 'users'],
  ['fk_contest_activity_scores_contest', 'contest_activity_scores', 'contest_id', 'contests'],
  ['fk_contest_activity_scores_activity', 'contest_activity_scores', 'activity_id', 'activities'],
  ['fk_contest_activity_scores_user', 'contest_activity_scores', 'user_id', 'users'],
  ['fk_contest_live_states_contest', 'contest_live_states', 'contest_id', 'contests'],
  ['fk_revoked_tokens_user', 'revoked_tokens', 'user_id', 'users'],
];

/**
 * The rest of the organisation's rows carry `org_id` too (after OrgKeys1795830000000 did the
 * tables that had one): contest participants, rules, multipliers, the kept scores, live states
 * and revoked tokens get an `org_id` filled from their contest (or user), and each of their
 * foreign keys becomes `(org_id, x_id) REFERENCES parent (org_id, id)` — so a participant of one
 * organisation's contest cannot name another's rep or team, nor a kept score another's rep or
 * activity. Activities get `UNIQUE (org_id, id)` to be referenced by.
 *
 * At scale (millions of kept-score rows) each table is filled by one set-based UPDATE … FROM its
 * parent, then made NOT NULL; each new key is checked once, by PostgreSQL, when it is added.
 */
export class OrgChildKeys1795840000000 implements MigrationInterface {
  name = 'OrgChildKeys1795840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, parent, column] of CHILDREN) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "org_id" uuid`);
      await queryRunner.query(
        `UPDATE "${table}" t SET "org_id" = p."org_id" FROM "${parent}" p WHERE p."id" = t."${column}"`,
      );
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "org_id" SET NOT NULL`);
    }
    await queryRunner.query(
      `ALTER TABLE "activities" ADD CONSTRAINT "uq_activities_org_id" UNIQUE ("org_id", "id")`,
    );
    for (const [name, table, column, parent] of KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("org_id", "${column}") REFERENCES "${parent}"("org_id", "id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table, column, parent] of [...KEYS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${parent}"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
    await queryRunner.query(`ALTER TABLE "activities" DROP CONSTRAINT "uq_activities_org_id"`);
    for (const [table] of [...CHILDREN].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "org_id"`);
    }
  }
}
