import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/api-error.dto';
import { Public, Roles } from './auth.decorators';
import { THROTTLERS } from './throttlers';
import { AuthService } from './auth.service';
import {
  AcceptInviteDto,
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  MeResponseDto,
} from './dto/login.dto';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ [THROTTLERS.signup]: true })
  @ApiOperation({ summary: 'Sign in with email and password; answers with an access token' })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Signed in' })
  @ApiErrors({
    unauthenticated: 'wrong email or password, or the account is deactivated',
    rate_limited:
      'too many attempts for this account from this address: wait `Retry-After` seconds',
  })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Post('auth/accept-invite')
  @Public()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @SkipThrottle({ [THROTTLERS.signup]: true, [THROTTLERS.loginAccount]: true })
  @ApiOperation({
    summary:
      'An invited user (bulk import without a password) sets their password with the one-time token of their link, and is signed in',
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Password set; signed in' })
  @ApiErrors({
    unauthenticated: 'the token is unknown, used or expired, or the account is deactivated',
    invalid_input: 'the password is too weak (the message says why)',
    rate_limited: 'too many attempts from this address: wait `Retry-After` seconds',
  })
  acceptInvite(@Body() dto: AcceptInviteDto): Promise<LoginResponseDto> {
    return this.auth.acceptInvite(dto);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Roles('admin', 'manager', 'rep')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out: the presented token stops working at once and its live connection closes',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(): Promise<void> {
    return this.auth.logout();
  }

  @Post('auth/logout-all')
  @HttpCode(204)
  @Roles('admin', 'manager', 'rep')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Sign out everywhere: every token of this user issued so far stops working, including this one',
  })
  @ApiNoContentResponse({ description: 'Every session ended' })
  logoutAll(): Promise<void> {
    return this.auth.logoutAll();
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user and their organisation' })
  @ApiOkResponse({ type: MeResponseDto, description: 'The user and the organisation' })
  me(): Promise<MeResponseDto> {
    return this.auth.me();
  }

  @Post('me/password')
  @HttpCode(200)
  @Roles('admin', 'manager', 'rep')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change your own password; every other session ends, and the answer carries a new token for this one',
  })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Changed; a new token for this session' })
  @ApiErrors({
    invalid_input:
      'currentPassword is wrong, or the new password is too weak (the field and message say which)',
  })
  changePassword(@Body() dto: ChangePasswordDto): Promise<LoginResponseDto> {
    return this.auth.changePassword(dto);
  }
}
