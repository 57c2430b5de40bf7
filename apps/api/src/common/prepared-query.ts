import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { QueryFailedError, type EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** A statement's name: the same text always gets the same name (and a text only ever one). */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `arena_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * `manager.query(text, values)` as a named prepared statement: each pooled connection parses
 * and plans it once and then only executes it (PostgreSQL keeps a generic plan once it is no
 * worse than the custom ones). For the hot board reads, whose planning (a CTE over four index
 * ranges, JSON subqueries) costs about as much as their execution. Errors are TypeORM's
 * `QueryFailedError`, as from `manager.query`.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const owned = !manager.queryRunner;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      const result = await client.query({ name: nameOf(text), text, values });
      return result.rows as T[];
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  } finally {
    if (owned) await runner.release();
  }
}
