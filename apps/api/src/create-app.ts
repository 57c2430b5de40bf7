import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { IMPORT_ROUTE, importBodyParsers } from './users/import-body';
import {
  CONNECTIONS_ROUTE,
  csvImportParser,
  WEBHOOK_ROUTE,
  webhookBodyParser,
} from './connections/webhook-body';
import { ApiErrorDto, documentErrors } from './common/api-error.dto';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { boundBodyShape, verifyJsonShape } from './common/body-shape';
import { acceptContentEncoding } from './common/content-encoding';
import { DomainError } from './common/errors';
import { QuietFrameworkLogger } from './common/quiet-framework-logger';
import { RequestContext } from './common/request-context';
import { securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { installBoardFastPath } from './contests/board-fast-path';
import { LiveFanout } from './live/live-fanout';
import { LiveIoAdapter } from './live/live-io.adapter';
import type { AppConfig } from './config/app-config';

/**
 * Largest JSON body accepted: a contest with 100,000 participant ids (about 3.9 MB) fits, and a
 * full batch of 1,000 activities with notes well inside.
 */
export const BODY_LIMIT = '5mb';

/** Builds the configured Nest application; used by `main.ts` and by the integration tests. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, databaseUrl),
    {
      bufferLogs: true,
      // Parsed below, so that body errors (bad JSON, too large) get the API's error shape.
      bodyParser: false,
      // An open browser tab (keep-alive, websockets) must not hold a shutdown up.
      forceCloseConnections: true,
    },
  );
  app.useLogger(new QuietFrameworkLogger(app.get(Logger)));
  const fanout = app.get(LiveFanout);
  if (config.redisUrl) await fanout.connect(config.redisUrl);
  app.useWebSocketAdapter(new LiveIoAdapter(app, fanout));
  // X-Forwarded-For names the client only when it comes from a proxy the operator trusts.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(acceptContentEncoding());
  // The limit applies to the inflated body; its shape is bounded before it is parsed, and again after.
  app.use(IMPORT_ROUTE, ...importBodyParsers());
  app.use(WEBHOOK_ROUTE, webhookBodyParser());
  app.use(CONNECTIONS_ROUTE, ...csvImportParser());
  app.use(json({ limit: BODY_LIMIT, verify: verifyJsonShape }));
  app.use(boundBodyShape());
  app.use(bodyErrorHandler(new ApiExceptionFilter()));
  app.use((_req: unknown, _res: unknown, next: () => void) => RequestContext.run(next));
  app.setGlobalPrefix('api');
  const pipe = createValidationPipe();
  app.useGlobalPipes(pipe);
  // The two hot board reads, beside the pipeline when nothing about them is unusual (issue 14).
  installBoardFastPath(app, config, pipe);

  const document = documentErrors(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Arena API')
        .setDescription(
          'Sales contests scored on activities. Errors are JSON `{statusCode, code, error, message, errors?}` (ApiError; branch on `code`); ' +
            'resources of another organisation answer 404. Bodies are JSON of at most 5 MB (inflated), ' +
            'optionally sent with `Content-Encoding: gzip`, `deflate` or `br` (other encodings: 415); ' +
            'at most 32 levels deep, 100 keys per object, 100,000 items per array and 150,000 values ' +
            '(413), strings of at most 100,000 characters and no control characters but tab, CR and LF ' +
            '(400 naming the field). Timestamps carry `Z` or an offset (`+01:00`).',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
      { extraModels: [ApiErrorDto] },
    ),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/**
 * Body reading fails before Nest's pipeline: answer its errors (400 bad JSON or a corrupt gzip
 * stream, 413 too large, 415 encoding) here. Passed on, they surfaced as `404 Cannot POST`.
 */
function bodyErrorHandler(filter: ApiExceptionFilter) {
  return (
    error: { type?: string; status?: number },
    _req: Request,
    res: Response,
    next: NextFunction,
  ) => {
    const clientError =
      error instanceof DomainError ||
      typeof error?.type === 'string' ||
      (typeof error?.status === 'number' && error.status >= 400 && error.status < 500);
    if (!clientError) return next(error);
    const body = filter.toApiError(error);
    res.status(body.statusCode).json(body);
  };
}
