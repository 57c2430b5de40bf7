import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { UnsupportedMediaTypeError } from '../common/errors';
import { ConnectionImportsService } from './connection-imports.service';
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
  ConnectionFreshnessDto,
  ActivityImportDto,
  ImportCheckDto,
  ImportQueryDto,
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
import { csvTextOf } from '../common/csv-body';

@ApiTags('connections')
@ApiBearerAuth()
@Roles('admin')
@Controller('connections')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly log: ConnectionDeliveriesService,
    private readonly imports: ConnectionImportsService,
  ) {}

  @Get('presets')
  @ApiOperation({ summary: "Each kind's default mapping, settings and credential fields" })
  @ApiOkResponse({ type: [ConnectionPresetDto], description: 'One preset per kind' })
  presets(): ConnectionPresetDto[] {
    return this.connections.presets();
  }

  @Get('freshness')
  @Roles('rep', 'manager', 'admin', 'display')
  @ApiOperation({
    summary: 'How fresh the data behind the boards is (for the note under boards and on TVs)',
  })
  @ApiOkResponse({ type: [ConnectionFreshnessDto], description: 'Active connections' })
  freshness(): Promise<ConnectionFreshnessDto[]> {
    return this.connections.freshness();
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

  @Post(':id/imports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import a CSV file of activities (Content-Type: text/csv) through a CSV connection',
    description:
      'Every row is checked against the mapping first: a bad row refuses the file (400 `import_rejected`, `rows.<line>.<column>` per problem, nothing stored). With `?dryRun=true` the answer is what the file holds (rows, columns, a preview of the first ten, unmatched owners). Otherwise the file is imported in the background (202): follow `processed` on the import. Each row counts once, by its `externalId` column or a hash of its cells.',
  })
  @ApiAcceptedResponse({
    type: ActivityImportDto,
    description: 'Queued (or, dry run: ImportCheck)',
  })
  @ApiOkResponse({ type: ImportCheckDto, description: 'Dry run: what the file holds' })
  importFile(
    @Param('id') id: string,
    @Query() query: ImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActivityImportDto | ImportCheckDto> {
    const csv = csvTextOf(req);
    if (csv === undefined)
      throw new UnsupportedMediaTypeError('Send the file as CSV (Content-Type: text/csv).');
    if (query.dryRun === 'true') res.status(200);
    return this.imports.upload(id, csv, query.fileName ?? null, query.dryRun === 'true');
  }

  @Get(':id/imports')
  @ApiOperation({ summary: 'Imports of a CSV connection, newest first, with their progress' })
  @ApiOkResponse({ type: [ActivityImportDto], description: 'The last 50 imports' })
  importsOf(@Param('id') id: string): Promise<ActivityImportDto[]> {
    return this.imports.list(id);
  }

  @Get(':id/imports/:importId')
  @ApiOperation({ summary: "One import's progress" })
  @ApiOkResponse({ type: ActivityImportDto, description: 'The import' })
  importOf(
    @Param('id') id: string,
    @Param('importId') importId: string,
  ): Promise<ActivityImportDto> {
    return this.imports.get(id, importId);
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
