import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { UnsupportedMediaTypeError } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { ConnectionDeliveriesService } from './connection-deliveries.service';
import { WebhookReceiptDto } from './dto/connection.dto';
import { rawBodyOf } from './webhook-body';

@ApiTags('connections')
@Controller('hooks')
export class WebhooksController {
  constructor(
    private readonly deliveries: ConnectionDeliveriesService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post(':token')
  @HttpCode(202)
  @ApiOperation({
    summary: "A connection's webhook (its URL is on the connection)",
    description:
      'Verified as the vendor signs: HubSpot v3 signatures, Pipedrive HTTP auth, or `X-Arena-Signature: sha256=<hex HMAC-SHA256 of X-Arena-Timestamp + "." + body>` (generic and Salesforce). Wrong, missing or older than 5 minutes: 401 `bad_signature`, nothing stored. Answered 202 once the payload is durably queued.',
  })
  @ApiAcceptedResponse({ type: WebhookReceiptDto, description: 'Durably queued' })
  receive(@Param('token') token: string, @Req() req: Request): Promise<WebhookReceiptDto> {
    const rawBody = rawBodyOf(req);
    if (!rawBody)
      throw new UnsupportedMediaTypeError(
        'Send the webhook as JSON (Content-Type: application/json).',
      );
    const base = this.config.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    return this.deliveries.receive(
      token,
      {
        method: req.method,
        url: `${base}${req.originalUrl}`,
        headers: req.headers,
        rawBody,
        now: Date.now(),
      },
      req.body as unknown,
    );
  }
}
