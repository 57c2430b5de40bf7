import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ConnectionDeliveriesService } from './connection-deliveries.service';
import { ConnectionsService } from './connections.service';
import {
  ConnectionDeliveryDetailDto,
  ConnectionDeliveryDto,
  ConnectionDto,
  ConnectionPresetDto,
  CreateConnectionDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  LinkOwnerDto,
  LinkOwnerResponseDto,
  SavedConnectionDto,
  UnmatchedOwnerDto,
  UpdateConnectionDto,
} from './dto/connection.dto';
import { RequestBaseUrl } from './request-base-url';

@ApiTags('connections')
@ApiBearerAuth()
@Roles('admin')
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly log: ConnectionDeliveriesService,
  ) {}

  @Get('presets')
  @ApiOperation({ summary: "Each kind's default mapping, settings and credential fields" })
  @ApiOkResponse({ type: [ConnectionPresetDto], description: 'One preset per kind' })
  presets(): ConnectionPresetDto[] {
    return this.connections.presets();
  }

  @Post()
  @ApiOperation({
    summary:
      'Connect a source of activities; generated secrets (webhook signing) are in this answer only',
  })
  @ApiCreatedResponse({
    type: SavedConnectionDto,
    description: 'The connection, with any generated credentials',
  })
  create(
    @Body() dto: CreateConnectionDto,
    @RequestBaseUrl() baseUrl: string,
  ): Promise<SavedConnectionDto> {
    return this.connections.create(dto, baseUrl);
  }

  @Get()
  @ApiOperation({ summary: 'Every connection with its health (never its credentials)' })
  @ApiOkResponse({ type: [ConnectionDto], description: 'Oldest first' })
  list(@RequestBaseUrl() baseUrl: string): Promise<ConnectionDto[]> {
    return this.connections.list(baseUrl);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One connection with its health' })
  @ApiOkResponse({ type: ConnectionDto, description: 'The connection' })
  get(@Param('id') id: string, @RequestBaseUrl() baseUrl: string): Promise<ConnectionDto> {
    return this.connections.get(id, baseUrl);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Rename, pause or resume, edit the mapping or settings, replace credentials',
  })
  @ApiOkResponse({
    type: SavedConnectionDto,
    description: 'The connection, with any credentials generated now',
  })
  update(
    @Param('id') id: string,
    @Body() dto: UpdateConnectionDto,
    @RequestBaseUrl() baseUrl: string,
  ): Promise<SavedConnectionDto> {
    return this.connections.update(id, dto, baseUrl);
  }

  @Post(':id/sync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Read the CRM now (pull connectors): the backfill, or what changed since the cursor',
  })
  @ApiAcceptedResponse({
    type: ConnectionDto,
    description: 'A run is queued (or already waiting); the connection as it is now',
  })
  async sync(@Param('id') id: string, @RequestBaseUrl() baseUrl: string): Promise<ConnectionDto> {
    await this.connections.syncNow(id);
    return this.connections.get(id, baseUrl);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a connection, its delivery log and kept records (its activities stay)',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  remove(@Param('id') id: string): Promise<void> {
    return this.connections.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first' })
  @ApiOkResponse({ type: DeliveryPageDto, description: 'A page of deliveries' })
  deliveries(@Param('id') id: string, @Query() query: DeliveryQueryDto): Promise<DeliveryPageDto> {
    return this.log.list(id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({ summary: 'One delivery with its payload as received' })
  @ApiOkResponse({ type: ConnectionDeliveryDetailDto, description: 'The delivery' })
  delivery(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<ConnectionDeliveryDetailDto> {
    return this.log.get(id, deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Process a delivery again; nothing is counted twice' })
  @ApiAcceptedResponse({ type: ConnectionDeliveryDto, description: 'Queued again' })
  replay(
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<ConnectionDeliveryDto> {
    return this.log.replay(id, deliveryId);
  }

  @Get(':id/unmatched')
  @ApiOperation({
    summary: 'CRM owners whose records match no rep, with what those records would count',
  })
  @ApiOkResponse({ type: [UnmatchedOwnerDto], description: 'Owners with the most records first' })
  unmatched(@Param('id') id: string): Promise<UnmatchedOwnerDto[]> {
    return this.connections.unmatched(id);
  }

  @Post(':id/owners')
  @ApiOperation({
    summary: "Link a CRM owner to a rep: the owner's kept records are scored at once, back-dated",
  })
  @ApiCreatedResponse({
    type: LinkOwnerResponseDto,
    description: 'The link, and how many kept records are being scored',
  })
  linkOwner(@Param('id') id: string, @Body() dto: LinkOwnerDto): Promise<LinkOwnerResponseDto> {
    return this.connections.linkOwner(id, dto);
  }
}
