import { Injectable } from '@nestjs/common';
import { ActivityTypesService } from '../activity-types/activity-types.service';
import { hashPassword } from '../auth/password-hasher';
import { TokenService } from '../auth/token.service';
import { isUniqueViolation } from '../common/database-errors';
import { ForbiddenError } from '../common/errors';
import { Transactions } from '../common/transaction';
import { UserDto } from '../users/dto/user.dto';
import { EmailUnavailableError } from '../users/users.service';
import { insertDefaultBehaviours } from '../coaching/coaching.service';
import { insertDefaultBadges } from '../recognition/badges.service';
import { UserEntity } from '../users/entities/user.entity';
import { OrgDto, type SignupDto, type SignupResponseDto } from './dto/org.dto';
import { OrganizationEntity } from './entities/organization.entity';

/** Serialises sign-ups while SIGNUP=closed, so two "first" organisations cannot both pass. */
const FIRST_SIGNUP_LOCK = 4_206_902;

@Injectable()
export class OrgsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly activityTypes: ActivityTypesService,
    private readonly tokens: TokenService,
  ) {}

  /**
   * A new organisation, its first admin and its default catalogue — all or nothing. With
   * `onlyFirst` (SIGNUP=closed), only on a server that has no organisation yet.
   */
  async signup(dto: SignupDto, options: { onlyFirst?: boolean } = {}): Promise<SignupResponseDto> {
    const passwordHash = await hashPassword(dto.adminPassword);
    try {
      const { org, user } = await this.transactions.run(async (manager) => {
        if (options.onlyFirst) {
          await manager.query('SELECT pg_advisory_xact_lock($1)', [FIRST_SIGNUP_LOCK]);
          const [{ taken }] = await manager.query(
            'SELECT EXISTS (SELECT 1 FROM organizations) AS taken',
          );
          if (taken)
            throw new ForbiddenError(
              'Sign-up is closed on this server (SIGNUP=closed): ask an admin of your organisation to add you',
              'signup_closed',
            );
        }
        const org = await manager.save(
          manager.create(OrganizationEntity, {
            name: dto.orgName,
            timezone: dto.timezone ?? 'UTC',
          }),
        );
        const user = await manager.save(
          manager.create(UserEntity, {
            orgId: org.id,
            email: dto.adminEmail,
            name: dto.adminName,
            role: 'admin',
            competes: false,
            passwordHash,
          }),
        );
        await this.activityTypes.createDefaults(manager, org.id);
        await insertDefaultBadges(manager, org.id);
        await insertDefaultBehaviours(manager, org.id);
        return { org, user };
      });
      return {
        org: OrgDto.from(org),
        user: UserDto.from(user),
        accessToken: await this.tokens.issueAccessToken(user),
      };
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) throw new EmailUnavailableError();
      throw error;
    }
  }
}
