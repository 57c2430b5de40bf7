import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The address this request came to (`https://arena.example.com`), as Express sees it behind a
 * trusted proxy; PUBLIC_URL, when set, wins over it wherever Arena prints an address.
 */
export const RequestBaseUrl = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const req = context.switchToHttp().getRequest<Request>();
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
});
