import type { ConnectionFreshness, DisplayConfig, Page, Recognition } from '@arena/contracts';
import { apiClient } from '../../../shared/api/api-client';
import { ApiRequestError } from '../../../shared/api/api-request-error';

/** The server answered 401: the display's token was revoked (or never existed). */
export class DisplayRevokedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisplayRevokedError';
  }
}

export const REVOKED_MESSAGE = 'This display was disconnected by an admin.';

/**
 * A TV talks to the API with its display token, never with a session: through the app's client
 * with a credential of its own, so a 401 means "revoked" here and never ends anybody's sign-in.
 */
async function getJson<T>(token: string, path: string, signal?: AbortSignal): Promise<T> {
  try {
    return await apiClient.get<T>(path, { token, signal });
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 401)
      throw new DisplayRevokedError(error.message || REVOKED_MESSAGE);
    throw error;
  }
}

export function fetchDisplayConfig(token: string): Promise<DisplayConfig> {
  return getJson<DisplayConfig>(token, '/display');
}

export async function fetchContestRecognitions(
  token: string,
  contestId: string,
  limit: number,
): Promise<Recognition[]> {
  const page = await getJson<Page<Recognition>>(
    token,
    `/recognitions?contestId=${encodeURIComponent(contestId)}&limit=${limit}`,
  );
  return page.items;
}

/** How fresh the data behind the boards is (the corner note). */
export function fetchDisplayFreshness(token: string): Promise<ConnectionFreshness[]> {
  return getJson<ConnectionFreshness[]>(token, '/connections/freshness');
}
