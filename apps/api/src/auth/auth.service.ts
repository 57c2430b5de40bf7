import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UnauthenticatedError } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { OrgDto } from '../orgs/dto/org.dto';
import { OrganizationEntity } from '../orgs/entities/organization.entity';
import { UserDto } from '../users/dto/user.dto';
import { UserEntity } from '../users/entities/user.entity';
import type { LoginDto, LoginResponseDto, MeResponseDto } from './dto/login.dto';
import { DUMMY_HASH_PROMISE, verifyPassword } from './password-hasher';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  constructor(
    // Unscoped on purpose: sign-in is what establishes the organisation.
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(OrganizationEntity) private readonly orgs: Repository<OrganizationEntity>,
    private readonly tokens: TokenService,
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
