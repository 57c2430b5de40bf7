import type { PreviewContestRequest } from '@arena/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildContest, entry } from '../../../../test/build-board';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const reps = [
  { id: 'u-maya', name: 'Maya', role: 'rep', active: true, competes: true },
  { id: 'u-omar', name: 'Omar', role: 'rep', active: true, competes: true },
  { id: 'u-boss', name: 'Boss', role: 'manager', active: true, competes: false },
];

const emptyPreview = {
  from: '2026-10-27T00:00:00.000Z',
  to: '2026-11-26T00:00:00.000Z',
  activitiesConsidered: 0,
  entries: [],
  total: 0,
};

function directory(extra: Parameters<typeof mockApi>[0]) {
  return mockApi({
    'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'manager' } })),
    'GET /api/users': () => jsonResponse(200, { items: reps, total: 3, limit: 1000, offset: 0 }),
    'GET /api/teams': () => jsonResponse(200, []),
    'GET /api/activity-types': () =>
      jsonResponse(200, [
        { id: 't1', key: 'call', label: 'Call', category: 'activity', unit: 'count', active: true },
        { id: 't2', key: 'demo', label: 'Demo', category: 'activity', unit: 'count', active: true },
      ]),
    ...extra,
  });
}

describe('ContestDesigner', () => {
  beforeEach(() => sessionStore.start('token-1'));

  it('previews the design beside the form as it is edited', async () => {
    const previews: PreviewContestRequest[] = [];
    directory({
      'POST /api/contests/preview': ({ body }) => {
        const request = body as PreviewContestRequest;
        previews.push(request);
        const points = request.rules[0].pointsPerUnit;
        return jsonResponse(200, {
          from: request.from,
          to: request.to,
          activitiesConsidered: 12,
          entries: [entry('u-omar', 'Omar', 1, 9 * points), entry('u-maya', 'Maya', 2, points)],
          total: 2,
        });
      },
    });
    const { user } = renderApp('/contests/new');
    expect(
      await screen.findByText('Complete the scoring rules to see a preview.'),
    ).toBeInTheDocument();

    await user.type(screen.getByLabelText('Points per unit'), '10');
    expect(await screen.findByText('Choose participants to see a preview.')).toBeInTheDocument();
    // Only reps compete in an individual contest.
    expect(screen.queryByLabelText('Boss')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select all' }));

    const board = await screen.findByRole('list', { name: 'Preview leaderboard' });
    expect(within(board).getAllByRole('listitem')[0]).toHaveTextContent('Omar');
    expect(screen.getByText('90%')).toBeInTheDocument();
    expect(previews).toHaveLength(1);
    expect(previews[0]).toMatchObject({
      participantIds: ['u-maya', 'u-omar'],
      rules: [{ activityType: 'call', pointsPerUnit: 10, dailyCap: null, totalCap: null }],
    });

    await user.type(screen.getByLabelText('Points per unit'), '0');
    await waitFor(() => expect(previews.at(-1)?.rules[0].pointsPerUnit).toBe(100));
  });

  it('shows the server’s complaints next to their fields and stores nothing', async () => {
    let created = 0;
    directory({
      'POST /api/contests/preview': () => jsonResponse(200, emptyPreview),
      'POST /api/contests': () => {
        created++;
        return jsonResponse(400, {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Invalid contest.',
          errors: [
            {
              field: 'rules.0.pointsPerUnit',
              messages: ['pointsPerUnit must not be greater than 1000000'],
            },
            {
              field: 'participantIds.0',
              messages: ['no active user with this id in your organisation'],
            },
          ],
        });
      },
    });
    const { user, router } = renderApp('/contests/new');
    await user.type(await screen.findByLabelText('Name'), 'Mega');
    await user.type(screen.getByLabelText('Points per unit'), '5');
    await user.click(await screen.findByLabelText('Maya'));
    await user.click(screen.getByRole('button', { name: 'Save draft' }));

    expect(await screen.findByText('Invalid contest. Nothing was saved.')).toBeInTheDocument();
    expect(screen.getByLabelText('Points per unit')).toHaveAccessibleDescription(
      'Must not be greater than 1000000',
    );
    expect(
      screen.getByText('no active user with this id in your organisation'),
    ).toBeInTheDocument();
    expect(created).toBe(1);
    expect(router.state.location.pathname).toBe('/contests/new');
  });

  it('checks what it can before sending, under the same field paths', async () => {
    const api = directory({});
    const { user } = renderApp('/contests/new');
    await user.click(await screen.findByRole('button', { name: 'Publish' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription('Give the contest a name.');
    expect(screen.getByLabelText('Points per unit')).toHaveAccessibleDescription('Enter a number.');
    // The shared rules' limits, before the server is asked.
    await user.type(screen.getByLabelText('Points per unit'), '5000000');
    await user.click(screen.getByRole('button', { name: 'Save draft' }));
    expect(screen.getByLabelText('Points per unit')).toHaveAccessibleDescription(
      'At most 1,000,000.',
    );
    expect(api.mock.calls.some(([url]) => String(url).endsWith('/api/contests'))).toBe(false);
  });

  it('keeps an ended contest’s name and description editable, and nothing else', async () => {
    const ended = buildContest({
      id: 'c-7',
      status: 'ended',
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-01-08T00:00:00.000Z',
      publishedAt: '2025-12-30T00:00:00.000Z',
      participantIds: ['u-maya'],
    });
    let sent: unknown = null;
    directory({
      'GET /api/contests/c-7': () => jsonResponse(200, ended),
      'POST /api/contests/preview': () => jsonResponse(200, emptyPreview),
      'PATCH /api/contests/c-7': ({ body }) => {
        sent = body;
        return jsonResponse(200, { ...ended, ...(body as object) });
      },
    });
    const { user } = renderApp('/contests/c-7');
    const name = await screen.findByLabelText('Name');
    expect(screen.getByLabelText('Ends')).toBeDisabled();
    expect(screen.getAllByLabelText('Points per unit')[0]).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'January, final');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(sent).toMatchObject({ name: 'January, final' }));
    // What it sends back unchanged compares equal to what is stored, as the server compares it.
    expect(sent).toMatchObject({ rules: ended.rules, endsAt: ended.endsAt });
  });

  it('publishes a saved draft and opens it', async () => {
    const draft = buildContest({
      id: 'c-9',
      status: 'draft',
      publishedAt: null,
      participantIds: ['u-maya'],
    });
    let published = false;
    directory({
      'GET /api/contests/c-9': () => jsonResponse(200, draft),
      'POST /api/contests/preview': () => jsonResponse(200, emptyPreview),
      'PATCH /api/contests/c-9': ({ body }) => jsonResponse(200, { ...draft, ...(body as object) }),
      'POST /api/contests/c-9/publish': () => {
        published = true;
        return jsonResponse(200, { ...draft, status: 'live' });
      },
    });
    const { user } = renderApp('/contests/c-9');
    await user.click(await screen.findByRole('button', { name: 'Publish' }));
    await waitFor(() => expect(published).toBe(true));
    expect(await screen.findByText('Saved: live.')).toBeInTheDocument();
  });
});
