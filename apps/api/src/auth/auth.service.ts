import { Injectable } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- sign-in finds the account by email across organisations: it establishes the organisation
import { InjectRepository } from '@nestjs/typeorm';
import { type Repository } from 'typeorm';
import { InvalidInputError, UnauthenticatedError } from '../common/errors';
import { RequestContext, type UserPrincipal } from '../common/request-context';
import { Transactions } from '../common/transaction';
import { OrgDto } from '../orgs/dto/org.dto';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { UserDto } from '../users/dto/user.dto';
import { UserEntity } from '../users/entities/user.entity';
import { invitationTokenHash } from '../users/invitation-token';
import { UserInvitationEntity } from '../users/entities/user-invitation.entity';
import type {
  AcceptInviteDto,
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  MeResponseDto,
} from './dto/login.dto';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher';
import { weakPasswordReason } from './password-strength';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    // Unscoped on purpose: sign-in is what establishes the organisation.
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    @InjectRepository(UserInvitationEntity)
    private readonly invitations: Repository<UserInvitationEntity>,
    private readonly transactions: Transactions,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: dto.email })
      .getOne();
    // Verify against a dummy hash for unknown emails, so the answer time does not reveal accounts.
    const valid = await verifyPassword(
      dto.password,
      user?.passwordHash ?? (await DUMMY_HASH_PROMISE),
    );
    if (!user || !valid) throw new UnauthenticatedError('Email or password is incorrect.');
    if (!user.active)
      throw new UnauthenticatedError('This account has been deactivated. Ask your admin.');
    return { accessToken: await this.tokens.issueAccessToken(user), user: UserDto.from(user) };
  }

  /**
   * An invited user (bulk import, no password) sets their password with the link's token and is
   * signed in. The token works once: its row is deleted in the same transaction that sets the
   * password, so two uses at once cannot both succeed.
   */
  async acceptInvite(dto: AcceptInviteDto): Promise<LoginResponseDto> {
    const tokenHash = invitationTokenHash(dto.token);
    const invitation = await this.invitations.findOneBy({ tokenHash });
    const unusable = new UnauthenticatedError(
      'This invitation link is invalid, used or expired. Ask your admin for a new one.',
    );
    if (!invitation || invitation.expiresAt.getTime() <= Date.now()) throw unusable;
    const user = await this.users.findOneByOrFail({
      id: invitation.userId,
      orgId: invitation.orgId,
    });
    if (!user.active)
      throw new UnauthenticatedError('This account has been deactivated. Ask your admin.');
    const weak = weakPasswordReason(dto.password, [user.email, user.name]);
    if (weak) throw InvalidInputError.field('password', weak);
    const passwordHash = await hashPassword(dto.password);
    await this.transactions.run(async (manager) => {
      const used = await manager
        .createQueryBuilder()
        .delete()
        .from(UserInvitationEntity)
        .where('token_hash = :tokenHash AND expires_at > now()', { tokenHash })
        .execute();
      if (!used.affected) throw unusable;
      const set = await manager.update(
        UserEntity,
        { id: user.id, orgId: user.orgId, active: true },
        { passwordHash },
      );
      if (!set.affected) throw unusable; // deactivated meanwhile
    });
    return { accessToken: await this.tokens.issueAccessToken(user), user: UserDto.from(user) };
  }

  logout(): Promise<void> {
    return this.sessions.signOut(userPrincipal());
  }

  logoutAll(): Promise<void> {
    return this.sessions.signOutEverywhere(userPrincipal());
  }

  /** Every other session ends (a stolen token with it); this one continues on the new token. */
  async changePassword(dto: ChangePasswordDto): Promise<LoginResponseDto> {
    const principal = userPrincipal();
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id AND u.org_id = :orgId', { id: principal.userId, orgId: principal.orgId })
      .getOneOrFail();
    if (!user.passwordHash || !(await verifyPassword(dto.currentPassword, user.passwordHash)))
      throw InvalidInputError.field('currentPassword', 'is not your current password');
    const weak = weakPasswordReason(dto.newPassword, [user.email, user.name]);
    if (weak) throw InvalidInputError.field('newPassword', weak);
    const passwordHash = await hashPassword(dto.newPassword);
    user.tokenVersion = await this.transactions.run(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash });
      return this.sessions.bumpVersion(manager, user.id);
    });
    this.sessions.published(user.orgId, user.id);
    return { accessToken: await this.tokens.issueAccessToken(user), user: UserDto.from(user) };
  }

  async me(): Promise<MeResponseDto> {
    const principal = RequestContext.principal();
    if (principal.kind !== 'user') throw new UnauthenticatedError('Only users have a profile.');
    const [user, org] = await Promise.all([
      this.users.findOneByOrFail({ id: principal.userId, orgId: principal.orgId }),
      this.orgs.findOneByOrFail({ id: principal.orgId }),
    ]);
    return { user: UserDto.from(user), org: OrgDto.from(org) };
  }
}

function userPrincipal(): UserPrincipal {
  const principal = RequestContext.principal();
  if (principal.kind !== 'user') throw new UnauthenticatedError('Only users have sessions.');
  return principal;
}
