import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key for a CRM or script; the secret is in this answer only',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key, with its secret' })
  create(@Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List keys (never their secrets), with last-used times' })
  @ApiOkResponse({ type: [ApiKeyDto], description: 'Every key, revoked ones too' })
  list(): Promise<ApiKeyDto[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once' })
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key' })
  revoke(@Param('id') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(id);
  }
}
