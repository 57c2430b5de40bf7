import type { ClientBase } from 'pg';
import { DEMO_ADMIN_EMAIL } from './demo-data';

type Queryable = Pick<ClientBase, 'query'>;

export interface DemoOrganisation {
  id: string;
  name: string;
}

/** The demo organisation is the one its admin (`admin@demo.arena`, a published password) belongs to. */
export async function findDemoOrganisation(db: Queryable): Promise<DemoOrganisation | null> {
  const { rows } = await db.query<DemoOrganisation>(
    `SELECT o.id, o.name FROM users u JOIN organizations o ON o.id = u.org_id WHERE u.email = $1`,
    [DEMO_ADMIN_EMAIL],
  );
  return rows[0] ?? null;
}

export interface DemoRemoval {
  organisation: DemoOrganisation;
  people: number;
  activities: number;
}

/**
 * Deletes the demo organisation and everything of it, in one transaction. Every table holding an
 * organisation's rows references `organizations` with ON DELETE CASCADE; activities and
 * recognitions go first, because they reference activity types and badges with RESTRICT, which a
 * single cascading delete may meet in either order.
 */
export async function removeDemoOrganisation(db: Queryable): Promise<DemoRemoval | null> {
  await db.query('BEGIN');
  try {
    const organisation = await findDemoOrganisation(db);
    if (!organisation) {
      await db.query('ROLLBACK');
      return null;
    }
    // Other writers of this organisation (a running demo simulator) wait or fail, never interleave.
    await db.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [organisation.id]);
    const count = async (table: 'users' | 'activities') =>
      Number(
        (
          await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE org_id = $1`, [
            organisation.id,
          ])
        ).rows[0].n,
      );
    const people = await count('users');
    const activities = await count('activities');
    await db.query('DELETE FROM activities WHERE org_id = $1', [organisation.id]);
    await db.query('DELETE FROM recognitions WHERE org_id = $1', [organisation.id]);
    await db.query('DELETE FROM organizations WHERE id = $1', [organisation.id]);
    await db.query('COMMIT');
    return { organisation, people, activities };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
