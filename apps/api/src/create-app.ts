import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { RequestContext } from './common/request-context';
import { createValidationPipe } from './common/validation';
import { LiveFanout } from './live/live-fanout';
import { LiveIoAdapter } from './live/live-io.adapter';
import type { AppConfig } from './config/app-config';

/** Largest JSON body accepted: a full batch of 1,000 activities with notes fits well inside. */
export const BODY_LIMIT = '2mb';

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
  app.useLogger(app.get(Logger));
  const fanout = app.get(LiveFanout);
  if (config.redisUrl) await fanout.connect(config.redisUrl);
  app.useWebSocketAdapter(new LiveIoAdapter(app, fanout));
  // X-Forwarded-For names the client only when it comes from a proxy the operator trusts.
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(json({ limit: BODY_LIMIT }));
  app.use(bodyErrorHandler(new ApiExceptionFilter()));
  app.use((_req: unknown, _res: unknown, next: () => void) => RequestContext.run(next));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Arena API')
      .setDescription(
        'Sales contests scored on activities. Errors are JSON `{statusCode, error, message, errors?}`; ' +
          'resources of another organisation answer 404.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** body-parser fails before Nest's pipeline: answer its errors (400 bad JSON, 413 too large) here. */
function bodyErrorHandler(filter: ApiExceptionFilter) {
  return (error: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (typeof error?.type !== 'string') return next(error);
    const body = filter.toApiError(error);
    res.status(body.statusCode).json(body);
  };
}
