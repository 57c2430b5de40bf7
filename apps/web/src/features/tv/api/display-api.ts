import type { DisplayConfig, Page, Recognition } from '@arena/contracts';

/** The server answered 401: the display's token was revoked (or never existed). */
export class DisplayRevokedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisplayRevokedError';
  }
}

export const REVOKED_MESSAGE = 'This display was disconnected by an admin.';

/**
 * A TV talks to the API with its display token, never with a session: plain requests, so a 401
 * means "revoked" here and never ends anybody's sign-in.
 */
async function getJson<T>(token: string, path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(`/api${path}`, {
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
    signal: signal ?? AbortSignal.timeout(15_000),
  });
  if (response.status === 401) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new DisplayRevokedError(body?.message ?? REVOKED_MESSAGE);
  }
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
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
