import { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel the instances' caches LISTEN on (`common/instance-cache.ts`). */
export const INVALIDATIONS_CHANNEL = 'arena_invalidations';

/** Beyond this many tags in one statement, one notice says "drop everything" (`*`). */
const MAX_TAGS = 200;

/**
 * Every statement that changes what a request's session check or a board read's contest depends
 * on tells every instance, at its commit, which cached things it touched (issue 14: a board read
 * without the two round trips before its own statement). Tags: `user:<id>` (role, active, token
 * version, team, organisation; a signed-out token), `contest:<id>` (the row, its rules,
 * multipliers and participants). One notice per tag (PostgreSQL folds a transaction's identical
 * payloads), or `*` when a statement touches more than MAX_TAGS.
 */
export class CacheInvalidations1796100000000 implements MigrationInterface {
  name = 'CacheInvalidations1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`
      CREATE OR REPLACE FUNCTION arena_invalidate(tags text[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE t text;
      BEGIN
        IF tags IS NULL OR cardinality(tags) = 0 THEN RETURN; END IF;
        IF cardinality(tags) > ${MAX_TAGS} THEN
          PERFORM pg_notify('${INVALIDATIONS_CHANNEL}', '*');
          RETURN;
        END IF;
        FOREACH t IN ARRAY tags LOOP PERFORM pg_notify('${INVALIDATIONS_CHANNEL}', t); END LOOP;
      END $$`);
    // The tags `kind:<id>` of the distinct ids a query over the transition tables returns.
    const tags = (kind: string, ids: string) =>
      `SELECT array_agg('${kind}:' || t.id) FROM (SELECT DISTINCT x.id FROM (${ids}) x(id)) t`;
    // (table, event, the statement's tags)
    const triggers: Array<[string, 'INSERT' | 'UPDATE' | 'DELETE', string]> = [
      [
        'users',
        'UPDATE',
        tags(
          'user',
          `SELECT u.id FROM new_rows u JOIN old_rows o ON o.id = u.id
            WHERE (o.role, o.active, o.token_version, o.team_id, o.org_id)
                  IS DISTINCT FROM (u.role, u.active, u.token_version, u.team_id, u.org_id)`,
        ),
      ],
      ['users', 'DELETE', tags('user', 'SELECT id FROM old_rows')],
      ['revoked_tokens', 'INSERT', tags('user', 'SELECT user_id FROM new_rows')],
      ['contests', 'UPDATE', tags('contest', 'SELECT id FROM new_rows')],
      ['contests', 'DELETE', tags('contest', 'SELECT id FROM old_rows')],
    ];
    for (const table of ['contest_rules', 'contest_multipliers', 'contest_participants']) {
      triggers.push([table, 'INSERT', tags('contest', 'SELECT contest_id FROM new_rows')]);
      triggers.push([table, 'UPDATE', tags('contest', 'SELECT contest_id FROM new_rows')]);
      triggers.push([table, 'DELETE', tags('contest', 'SELECT contest_id FROM old_rows')]);
    }
    for (const [table, event, statementTags] of triggers) {
      const name = `${table}_invalidate_${event.toLowerCase()}`;
      const referencing =
        event === 'INSERT'
          ? 'NEW TABLE AS new_rows'
          : event === 'DELETE'
            ? 'OLD TABLE AS old_rows'
            : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
      await q(`
        CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM arena_invalidate((${statementTags})); RETURN NULL; END $$`);
      await q(`
        CREATE TRIGGER trg_${name} AFTER ${event} ON ${table}
        REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${name}()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    const tables = [
      'users',
      'revoked_tokens',
      'contests',
      'contest_rules',
      'contest_multipliers',
      'contest_participants',
    ];
    for (const table of tables) {
      for (const event of ['insert', 'update', 'delete']) {
        await q(`DROP TRIGGER IF EXISTS trg_${table}_invalidate_${event} ON ${table}`);
        await q(`DROP FUNCTION IF EXISTS ${table}_invalidate_${event}()`);
      }
    }
    await q(`DROP FUNCTION arena_invalidate(text[])`);
  }
}
