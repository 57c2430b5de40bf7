import { MigrationInterface, QueryRunner } from 'typeorm';

/** Parents that org-owned rows point at: each gets `UNIQUE (org_id, id)` to be referenced by. */
const PARENTS = ['teams', 'users', 'activity_types', 'api_keys', 'badges', 'contests'];

/**
 * Every foreign key between two tables that both carry `org_id`: [table, column, parent, on delete].
 * Names stay as they were (the entities name them), and so does each ON DELETE.
 */
const KEYS: [string, string, string, 'CASCADE' | 'SET NULL' | 'RESTRICT'][] = [
  ['users', 'team_id', 'teams', 'SET NULL'],
  ['api_keys', 'created_by', 'users', 'SET NULL'],
  ['activities', 'user_id', 'users', 'CASCADE'],
  ['activities', 'activity_type_id', 'activity_types', 'RESTRICT'],
  ['activities', 'recorded_by', 'users', 'SET NULL'],
  ['activities', 'api_key_id', 'api_keys', 'SET NULL'],
  ['activities', 'voided_by', 'users', 'SET NULL'],
  ['contests', 'created_by', 'users', 'SET NULL'],
  ['recognitions', 'badge_id', 'badges', 'RESTRICT'],
  ['recognitions', 'recipient_user_id', 'users', 'CASCADE'],
  ['recognitions', 'recipient_team_id', 'teams', 'CASCADE'],
  ['recognitions', 'awarded_by', 'users', 'SET NULL'],
  ['recognitions', 'contest_id', 'contests', 'CASCADE'],
  ['recognitions', 'retracted_by', 'users', 'SET NULL'],
  ['assessments', 'user_id', 'users', 'CASCADE'],
  ['assessments', 'contest_id', 'contests', 'CASCADE'],
  ['assessments', 'assessed_by', 'users', 'SET NULL'],
  ['coaching_notes', 'user_id', 'users', 'CASCADE'],
  ['coaching_notes', 'author_id', 'users', 'SET NULL'],
  ['displays', 'created_by', 'users', 'SET NULL'],
];

/** The constraint names the earlier migrations gave these keys. */
const NAMES: Record<string, string> = {
  'users.team_id': 'fk_users_team',
  'api_keys.created_by': 'fk_api_keys_created_by',
  'activities.user_id': 'fk_activities_user',
  'activities.activity_type_id': 'fk_activities_activity_type',
  'activities.recorded_by': 'fk_activities_recorded_by',
  'activities.api_key_id': 'fk_activities_api_key',
  'activities.voided_by': 'fk_activities_voided_by',
  'contests.created_by': 'fk_contests_created_by',
  'recognitions.badge_id': 'fk_recognitions_badge',
  'recognitions.recipient_user_id': 'fk_recognitions_recipient_user',
  'recognitions.recipient_team_id': 'fk_recognitions_recipient_team',
  'recognitions.awarded_by': 'fk_recognitions_awarded_by',
  'recognitions.contest_id': 'fk_recognitions_contest',
  'recognitions.retracted_by': 'fk_recognitions_retracted_by',
  'assessments.user_id': 'fk_assessments_user',
  'assessments.contest_id': 'fk_assessments_contest',
  'assessments.assessed_by': 'fk_assessments_assessed_by',
  'coaching_notes.user_id': 'fk_coaching_notes_user',
  'coaching_notes.author_id': 'fk_coaching_notes_author',
  'displays.created_by': 'fk_displays_created_by',
};

/**
 * Foreign keys carry the organisation: a row can point only at a row of its own organisation,
 * whatever the code does. Each key between org-owned tables becomes `(org_id, x_id) REFERENCES
 * parent (org_id, id)`. MATCH SIMPLE (the default) leaves a row with a NULL `x_id` unchecked, as
 * before; SET NULL names its column (PostgreSQL 15+), so deleting a parent clears `x_id` and
 * keeps the row's `org_id`.
 */
export class OrgKeys1795830000000 implements MigrationInterface {
  name = 'OrgKeys1795830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of PARENTS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "uq_${table}_org_id" UNIQUE ("org_id", "id")`,
      );
    }
    for (const [table, column, parent, onDelete] of KEYS) {
      const name = NAMES[`${table}.${column}`];
      const action = onDelete === 'SET NULL' ? `SET NULL ("${column}")` : onDelete;
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("org_id", "${column}") REFERENCES "${parent}"("org_id", "id") ON DELETE ${action} ON UPDATE NO ACTION`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, parent, onDelete] of [...KEYS].reverse()) {
      const name = NAMES[`${table}.${column}`];
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${parent}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    for (const table of [...PARENTS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "uq_${table}_org_id"`);
    }
  }
}
