import { jsonResponse } from '../../../../test/json-response';
import { ServerUnreachableError } from '../../../shared/api/server-unreachable-error';
import { DisplayRevokedError, fetchContestRecognitions, fetchDisplayConfig } from './display-api';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

describe('display api', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks with the display token and reads the page of recognitions', async () => {
    const fetchMock = vi.fn<Fetch>(async () => jsonResponse(200, { items: [{ id: 'r1' }] }));
    vi.stubGlobal('fetch', fetchMock);

    await expect(fetchContestRecognitions('display-token', 'c 1', 12)).resolves.toEqual([
      { id: 'r1' },
    ]);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/recognitions?contestId=c%201&limit=12');
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer display-token');
  });

  it('says "revoked" with the server’s words on a 401', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<Fetch>(async () =>
        jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Gone.' }),
      ),
    );
    const error = await fetchDisplayConfig('revoked-token').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DisplayRevokedError);
    expect((error as Error).message).toBe('Gone.');
  });

  it('tells an outage apart from a revocation', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<Fetch>(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    await expect(fetchDisplayConfig('display-token')).rejects.toBeInstanceOf(
      ServerUnreachableError,
    );
  });
});
