import { Inject, type Provider } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- the scoped repository itself wraps the raw one
import { getRepositoryToken } from '@nestjs/typeorm';
import type {
  EntityManager,
  FindManyOptions,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
  SelectQueryBuilder,
} from 'typeorm';
import { NotFoundError } from './errors';
import { RequestContext } from './request-context';

interface OrgOwned extends ObjectLiteral {
  id: string;
  orgId: string;
}

type EntityClass<T> = { new (): T; name: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A repository that can only see and write rows of the caller's organisation. Services use
 * this instead of a raw TypeORM repository, so tenancy is enforced here once, not per query.
 * Anything outside the organisation is simply not found.
 */
export class OrgScopedRepository<T extends OrgOwned> {
  constructor(
    private readonly repository: Repository<T>,
    private readonly label: string,
  ) {}

  get orgId(): string {
    return RequestContext.orgId();
  }

  /** The same scoping inside a transaction. */
  withManager(manager: EntityManager): OrgScopedRepository<T> {
    return new OrgScopedRepository(
      // eslint-disable-next-line no-restricted-syntax -- the transaction's repository, wrapped in the same scope
      manager.getRepository<T>(this.repository.target),
      this.label,
    );
  }

  scope(where: FindOptionsWhere<T> = {}): FindOptionsWhere<T> {
    return { ...where, orgId: this.orgId } as FindOptionsWhere<T>;
  }

  find(options: FindManyOptions<T> = {}): Promise<T[]> {
    return this.repository.find({
      ...options,
      where: this.scope(options.where as FindOptionsWhere<T>),
    });
  }

  findAndCount(options: FindManyOptions<T> = {}): Promise<[T[], number]> {
    return this.repository.findAndCount({
      ...options,
      where: this.scope(options.where as FindOptionsWhere<T>),
    });
  }

  findOneBy(where: FindOptionsWhere<T>): Promise<T | null> {
    return this.repository.findOneBy(this.scope(where));
  }

  /** The row with this id in the caller's organisation, or a 404 naming what was looked for. */
  async getById(id: string): Promise<T> {
    const row = UUID.test(id) ? await this.findOneBy({ id } as FindOptionsWhere<T>) : null;
    if (!row) throw new NotFoundError(this.label);
    return row;
  }

  /**
   * Like `getById`, and locks the row until the transaction ends (use with `withManager`).
   * FOR NO KEY UPDATE, not FOR UPDATE: it still excludes every other writer of the row, but not
   * the FOR KEY SHARE that other transactions' foreign-key checks take when they insert rows
   * referencing it — with FOR UPDATE those two wait on each other into deadlocks.
   */
  async getByIdForUpdate(id: string): Promise<T> {
    const row = UUID.test(id)
      ? await this.queryBuilder('row')
          .andWhere('row.id = :id', { id })
          .setLock('for_no_key_update')
          .getOne()
      : null;
    if (!row) throw new NotFoundError(this.label);
    return row;
  }

  create(values: Omit<Partial<T>, 'orgId'>): T {
    return this.repository.create({ ...values, orgId: this.orgId } as unknown as T);
  }

  save(entity: T): Promise<T> {
    if (entity.orgId !== this.orgId) throw new NotFoundError(this.label);
    return this.repository.save(entity);
  }

  queryBuilder(alias: string): SelectQueryBuilder<T> {
    return this.repository
      .createQueryBuilder(alias)
      .where(`${alias}.orgId = :orgId`, { orgId: this.orgId });
  }
}

const tokenFor = (entity: EntityClass<unknown>) => `OrgScopedRepository<${entity.name}>`;

/** Registers `OrgScopedRepository<Entity>` in a module (next to `TypeOrmModule.forFeature`). */
export function provideOrgScoped<T extends OrgOwned>(
  entity: EntityClass<T>,
  label: string,
): Provider {
  return {
    provide: tokenFor(entity),
    useFactory: (repository: Repository<T>) => new OrgScopedRepository(repository, label),
    inject: [getRepositoryToken(entity)],
  };
}

export const InjectOrgScoped = (entity: EntityClass<unknown>) => Inject(tokenFor(entity));
