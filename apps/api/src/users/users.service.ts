import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/password-hasher';
import { weakPasswordReason } from '../auth/password-strength';
import { SessionsService } from '../auth/sessions.service';
import { isUniqueViolation } from '../common/database-errors';
import { DomainEvents } from '../common/domain-events';
import { InstanceCaches } from '../common/instance-cache';
import { RequestContext } from '../common/request-context';
import { ConflictError, InvalidInputError } from '../common/errors';
import { InjectOrgScoped, OrgScopedRepository } from '../common/org-scoped.repository';
import { Transactions } from '../common/transaction';
import { TeamEntity } from '../teams/entities/team.entity';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQueryDto } from './dto/list-users.query';
import type { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, type UserPageDto } from './dto/user.dto';
import { UserInvitationEntity } from './entities/user-invitation.entity';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectOrgScoped(UserEntity) private readonly users: OrgScopedRepository<UserEntity>,
    @InjectOrgScoped(TeamEntity) private readonly teams: OrgScopedRepository<TeamEntity>,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly sessions: SessionsService,
    private readonly caches: InstanceCaches,
  ) {}

  async create(dto: CreateUserDto): Promise<UserDto> {
    if (dto.teamId) await this.assertTeam(dto.teamId);
    const user = this.users.create({
      email: dto.email,
      name: dto.name,
      role: dto.role,
      teamId: dto.teamId ?? null,
      competes: dto.competes ?? dto.role === 'rep',
      passwordHash: await hashPassword(dto.password),
    });
    try {
      return UserDto.from(await this.users.save(user));
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) throw new EmailUnavailableError();
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
    let endsSessions = false;
    let movedTeam = false;
    const updated = await this.transactions.run(async (manager) => {
      const users = this.users.withManager(manager);
      const user = await users.getById(id);
      if (dto.password) {
        const weak = weakPasswordReason(dto.password, [user.email, user.name, dto.name ?? '']);
        if (weak) throw InvalidInputError.field('password', weak);
      }
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
      const roleChanged = dto.role !== undefined && dto.role !== user.role;
      // What a token was issued under changes: it ends, so a re-activation revives nothing.
      endsSessions = !!passwordHash || roleChanged || (dto.active === false && user.active);
      if (dto.name !== undefined) user.name = dto.name;
      if (dto.role !== undefined) user.role = dto.role;
      movedTeam = dto.teamId !== undefined && dto.teamId !== user.teamId;
      if (dto.teamId !== undefined) user.teamId = dto.teamId;
      if (dto.active !== undefined) user.active = dto.active;
      // A new role brings its default (reps compete, staff do not) unless the request says otherwise.
      if (roleChanged) user.competes = dto.role === 'rep';
      if (dto.competes !== undefined) user.competes = dto.competes;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        // An admin-set password replaces an open invitation: its link must not overwrite it.
        await manager.delete(UserInvitationEntity, { userId: id, orgId: user.orgId });
      }
      const saved = await users.save(user);
      if (endsSessions) saved.tokenVersion = await this.sessions.bumpVersion(manager, id);
      return UserDto.from(saved);
    });
    const orgId = RequestContext.orgId();
    // What this instance keeps of the user (session standing, contests read through their team).
    this.caches.invalidate(`user:${id}`);
    // Their open websockets close at once, not when the token expires.
    if (dto.active === false) this.events.publish({ kind: 'user-deactivated', orgId, userId: id });
    if (endsSessions) this.sessions.published(orgId, id);
    if (movedTeam) this.events.publish({ kind: 'membership-changed', orgId, userId: id });
    return updated;
  }

  private async assertTeam(teamId: string): Promise<void> {
    if (!(await this.teams.findOneBy({ id: teamId }))) {
      throw InvalidInputError.field('teamId', 'no team with this id in your organisation');
    }
  }
}

/**
 * Emails are unique across organisations, so "already exists" would tell another organisation's
 * admin, or anyone signing up, that an address has an account somewhere. One neutral answer for
 * every case.
 */
export class EmailUnavailableError extends ConflictError {
  constructor() {
    super(
      "This email address can't be used for a new account. Use another address.",
      'email_unavailable',
    );
  }
}
