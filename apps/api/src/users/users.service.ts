import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password-hasher';
import { isUniqueViolation } from '../common/database-errors';
import { DomainEvents } from '../common/domain-events';
import { RequestContext } from '../common/request-context';
import { ConflictError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { runTransaction } from '../common/transaction';
import { TeamEntity } from '../teams/entities/team.entity';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQueryDto } from './dto/list-users.query';
import type { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, type UserPageDto } from './dto/user.dto';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  async create(dto: CreateUserDto): Promise<UserDto> {
    if (dto.teamId) await this.assertTeam(dto.teamId);
    const user = this.users.create({
      email: dto.email,
      name: dto.name,
      role: dto.role,
      teamId: dto.teamId ?? null,
      passwordHash: await hashPassword(dto.password),
    });
    try {
      return UserDto.from(await this.users.save(user));
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) {
        throw new ConflictError('A user with this email already exists.');
      }
      throw error;
    }
  }

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const limit = query.limit ?? 100;
    const offset = query.offset ?? 0;
    const [rows, total] = await this.users.findAndCount({
      where: { role: query.role, teamId: query.teamId, active: query.active },
      order: { name: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: rows.map(UserDto.from), total, limit, offset };
  }

  async get(id: string): Promise<UserDto> {
    return UserDto.from(await this.users.getById(id));
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    if (dto.teamId) await this.assertTeam(dto.teamId);
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    const updated = await runTransaction(this.dataSource, async (manager) => {
      const users = this.users.withManager(manager);
      const user = await users.getById(id);
      const losesAdmin =
        user.role === 'admin' &&
        user.active &&
        (dto.active === false || (dto.role && dto.role !== 'admin'));
      if (losesAdmin) {
        // Row locks on the org's admins settle two admins demoting each other at once.
        const admins = await users
          .queryBuilder('u')
          .andWhere("u.role = 'admin' AND u.active")
          .setLock('pessimistic_write')
          .getMany();
        if (admins.every((admin) => admin.id === user.id)) {
          throw new ConflictError('This is the last active admin: make someone else admin first.');
        }
      }
      if (dto.name !== undefined) user.name = dto.name;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.teamId !== undefined) user.teamId = dto.teamId;
      if (dto.active !== undefined) user.active = dto.active;
      if (passwordHash) user.passwordHash = passwordHash;
      return UserDto.from(await users.save(user));
    });
    // Their open websockets close at once, not when the token expires.
    if (dto.active === false)
      this.events.publish({ kind: 'user-deactivated', orgId: RequestContext.orgId(), userId: id });
    return updated;
  }

  private async assertTeam(teamId: string): Promise<void> {
    if (!(await this.teams.findOneBy({ id: teamId }))) {
      throw InvalidInputError.field('teamId', 'no team with this id in your organisation');
    }
  }
}
