import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { THROTTLERS } from '../auth/throttlers';
import { ApiErrors } from '../common/api-error.dto';
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
  @ApiCreatedResponse({
    type: SignupResponseDto,
    description: 'The organisation, its admin and their access token',
  })
  @ApiErrors({
    signup_closed: 'the server allows no new organisations (SIGNUP=closed, and one exists already)',
    email_unavailable: 'the admin email address cannot be used for a new account',
    rate_limited:
      'too many sign-ups from this address (SIGNUP_RATE_LIMIT per 10 minutes): wait `Retry-After` seconds',
  })
  signup(@Body() dto: SignupDto): Promise<SignupResponseDto> {
    return this.orgs.signup(dto, { onlyFirst: this.config.signup === 'closed' });
  }
}
