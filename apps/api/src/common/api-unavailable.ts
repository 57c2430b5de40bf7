import { ApiServiceUnavailableResponse } from '@nestjs/swagger';

/**
 * OpenAPI for the 503 every database write may answer (busy after the retry budget, unreachable,
 * timed out): nothing was stored, and `Retry-After` says when to try again.
 */
export const ApiUnavailable = () =>
  ApiServiceUnavailableResponse({
    description:
      'the database is busy or unavailable; nothing was stored (or, if the connection dropped during COMMIT, it may have been: retry with the same externalId). Retry after Retry-After seconds',
    headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
  });
