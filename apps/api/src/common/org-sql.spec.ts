import type { DataSource, EntityManager } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { OrgSql } from './org-sql';
import { RequestContext } from './request-context';

const ORG = '00000000-0000-4000-8000-000000000001';

/** A TypeORM manager that records what it was asked. */
function recordingManager() {
  const calls: { sql: string; params: unknown[] }[] = [];
  const manager = {
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return [];
    },
  } as unknown as EntityManager;
  return { calls, manager, sql: new OrgSql({ manager } as unknown as DataSource) };
}

describe('OrgSql', () => {
  it("binds the caller's organisation as $1, before the statement's own parameters", async () => {
    const { calls, sql } = recordingManager();
    await RequestContext.run(
      () => sql.query('SELECT id FROM users WHERE org_id = $1 AND id = $2', ['u']),
      { kind: 'user', userId: 'u', orgId: ORG, role: 'admin' },
    );
    expect(calls).toEqual([
      { sql: 'SELECT id FROM users WHERE org_id = $1 AND id = $2', params: [ORG, 'u'] },
    ]);
  });

  it('binds the job organisation under runAsOrg, also on a transaction manager', async () => {
    const { calls, sql } = recordingManager();
    const other = recordingManager();
    await RequestContext.runAsOrg(ORG, () =>
      sql.withManager(other.manager).query('DELETE FROM teams WHERE org_id = $1'),
    );
    expect(calls).toEqual([]);
    expect(other.calls).toEqual([{ sql: 'DELETE FROM teams WHERE org_id = $1', params: [ORG] }]);
  });

  it('refuses a statement that does not use $1, and never sends it', async () => {
    const { calls, sql } = recordingManager();
    await RequestContext.runAsOrg(ORG, async () => {
      expect(() => sql.query('SELECT * FROM users WHERE id = $2 OR id = $10', ['x'])).toThrow(
        /does not use \$1/,
      );
    });
    expect(calls).toEqual([]);
  });

  it('refuses to run without an organisation', () => {
    const { sql } = recordingManager();
    expect(() => RequestContext.run(() => sql.query('SELECT 1 WHERE $1 IS NOT NULL'))).toThrow(
      UnauthenticatedError,
    );
  });
});

describe('RequestContext.user', () => {
  it('is the calling user, and a clear 403 for a display or an API key', () => {
    const user = { kind: 'user', userId: 'u', orgId: ORG, role: 'rep' } as const;
    expect(RequestContext.run(() => RequestContext.user(), user)).toBe(user);
    const display = {
      kind: 'display' as const,
      displayId: 'd',
      orgId: ORG,
      role: 'display' as const,
      contestIds: [] as string[],
    };
    expect(() => RequestContext.run(() => RequestContext.user(), display)).toThrow(ForbiddenError);
    expect(() => RequestContext.run(() => RequestContext.user(), display)).toThrow(
      /a display cannot/,
    );
  });

  it('has no user in a job running as an organisation', () => {
    expect(() => RequestContext.runAsOrg(ORG, () => RequestContext.user())).toThrow(
      UnauthenticatedError,
    );
  });
});
