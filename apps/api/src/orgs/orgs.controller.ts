import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { SignupDto, SignupResponseDto } from './dto/org.dto';
import { OrgsService } from './orgs.service';

@ApiTags('organisations')
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Post()
  @Public()
  @ApiOperation({
    summary: 'Sign up: a new organisation with its admin; answers with an access token',
  })
  signup(@Body() dto: SignupDto): Promise<SignupResponseDto> {
    return this.orgs.signup(dto);
  }
}
