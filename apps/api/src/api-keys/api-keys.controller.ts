import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  create(@Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List keys (never their secrets), with last-used times' })
  list(): Promise<ApiKeyDto[]> {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: it stops working at once' })
  revoke(@Param('id') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(id);
  }
}
