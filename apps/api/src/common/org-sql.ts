import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the scoped raw-SQL helper itself: it binds the caller's organisation to every statement
import { InjectDataSource } from '@nestjs/typeorm';
// eslint-disable-next-line no-restricted-imports -- see above
import { DataSource, type EntityManager } from 'typeorm';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { RequestContext } from './request-context';

/** `$1` as a whole placeholder (not the start of `$10`). */
const ORG_PLACEHOLDER = /\$1(?![0-9])/;

/**
 * Raw SQL bound to one organisation: `$1` is always the organisation (the caller's, from
 * `RequestContext`, or the job's under `RequestContext.runAsOrg`), and the statement's own
 * parameters start at `$2`. A statement that does not mention `$1` is refused before it is sent,
 * so a query through here cannot forget its organisation. The raw-SQL counterpart of
 * `OrgScopedRepository`, with the same `withManager` for transactions.
 */
@Injectable()
export class OrgSql {
  private readonly manager: EntityManager;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.manager = dataSource.manager;
  }

  get orgId(): string {
    return RequestContext.orgId();
  }

  /** Runs `sql` with `$1` = the organisation and `params` as `$2`, `$3`, …; answers the rows. */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return orgQuery(this.manager, this.orgId, sql, params);
  }

  /** The same binding inside a transaction (`Transactions.run`'s manager). */
  withManager(manager: EntityManager): ScopedSql {
    return new ScopedSql(manager, () => this.orgId);
  }

  /**
   * SQL over every organisation, with no binding: only for the few jobs whose work spans them
   * (the contest clock's tick, the start-up scans, the score verifier) and that then act on each
   * row's organisation under `RequestContext.runAsOrg`. Lint flags every call; each carries an
   * eslint-disable comment saying why.
   */
  unscopedQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.manager.query(sql, params);
  }

  /** The organisation's own row (its time zone, name). */
  organization(): Promise<OrganizationEntity> {
    return this.manager.findOneByOrFail(OrganizationEntity, { id: this.orgId });
  }

  /**
   * The pool's manager, for the scoring reads that take one together with the organisation
   * (`ScoreKeeper.loadContests(manager, orgSql.orgId, …)`, `LeaderboardService.rankedEntries`).
   * Pass it on; do not query it directly.
   */
  get readManager(): EntityManager {
    return this.manager;
  }
}

/** `OrgSql` on a transaction's manager. */
export class ScopedSql {
  constructor(
    readonly manager: EntityManager,
    private readonly org: () => string,
  ) {}

  get orgId(): string {
    return this.org();
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return orgQuery(this.manager, this.orgId, sql, params);
  }

  organization(): Promise<OrganizationEntity> {
    return this.manager.findOneByOrFail(OrganizationEntity, { id: this.orgId });
  }
}

function orgQuery<T>(
  manager: EntityManager,
  orgId: string,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  if (!ORG_PLACEHOLDER.test(sql))
    throw new Error(`OrgSql: the statement does not use $1 (the organisation): ${sql.trim()}`);
  return manager.query(sql, [orgId, ...params]);
}
