import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * [index, table, columns now, columns before, unique]: the secondary indexes of organisation data
 * that were led by a column other than `org_id` or `contest_id`. Led by the organisation, every
 * index of a hot table lives within one organisation's (or one contest's) key range, which is what
 * partitioning by organisation, or Citus distributing by it, needs (docs/architecture.md,
 * "Past one machine"). The composite foreign keys `(org_id, x_id)` find their referencing rows
 * through these on a delete, so they serve those checks better too.
 */
const INDEXES: [string, string, string, string, boolean][] = [
  ['idx_contest_participants_user', 'contest_participants', 'org_id, user_id', 'user_id', false],
  ['idx_contest_participants_team', 'contest_participants', 'org_id, team_id', 'team_id', false],
  ['idx_users_team', 'users', 'org_id, team_id', 'team_id', false],
  [
    'idx_recognitions_recipient_user',
    'recognitions',
    'org_id, recipient_user_id',
    'recipient_user_id',
    false,
  ],
  [
    'idx_recognitions_recipient_team',
    'recognitions',
    'org_id, recipient_team_id',
    'recipient_team_id',
    false,
  ],
  [
    'uq_assessments_rep_contest_phase',
    'assessments',
    'org_id, user_id, contest_id, phase',
    'user_id, contest_id, phase',
    true,
  ],
];

export class OrgLedIndexes1795950000000 implements MigrationInterface {
  name = 'OrgLedIndexes1795950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table, columns, , unique] of INDEXES)
      await rebuild(queryRunner, name, table, columns, unique);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, table, , columns, unique] of INDEXES)
      await rebuild(queryRunner, name, table, columns, unique);
  }
}

async function rebuild(
  queryRunner: QueryRunner,
  name: string,
  table: string,
  columns: string,
  unique: boolean,
): Promise<void> {
  await queryRunner.query(`DROP INDEX "${name}"`);
  await queryRunner.query(
    `CREATE ${unique ? 'UNIQUE ' : ''}INDEX "${name}" ON "${table}" (${columns})`,
  );
}
