import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { THROTTLERS } from '../auth/throttlers';
import { SignupDto, SignupResponseDto } from './dto/org.dto';
import { OrgsService } from './orgs.service';

@ApiTags('organisations')
@Controller('orgs')
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @Public()
  // Each sign-up costs a password hash and a new tenant: limited per client address.
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ [THROTTLERS.loginAccount]: true, [THROTTLERS.loginAddress]: true })
  @ApiOperation({
    summary: 'Sign up: a new organisation with its admin; answers with an access token',
  })
  @ApiForbiddenResponse({
    description:
      '`signup_closed`: the server allows no new organisations (SIGNUP=closed, and one exists)',
  })
  @ApiConflictResponse({
    description: '`email_unavailable`: the admin email address cannot be used for a new account',
  })
  @ApiTooManyRequestsResponse({
    description:
      '`rate_limited`: too many sign-ups from this address (SIGNUP_RATE_LIMIT per 10 minutes)',
  })
  signup(@Body() dto: SignupDto): Promise<SignupResponseDto> {
    return this.orgs.signup(dto, { onlyFirst: this.config.signup === 'closed' });
  }
}
