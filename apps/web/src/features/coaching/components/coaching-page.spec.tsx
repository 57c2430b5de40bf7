import type { AssessmentComparison, Behaviour } from '@arena/contracts';
import { screen, within } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildContest } from '../../../../test/build-board';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const behaviours: Behaviour[] = [
  { id: 'b1', name: 'Opens with a clear agenda', description: '', retiredAt: null },
  { id: 'b2', name: 'Handles objections', description: '', retiredAt: null },
];

const comparison: AssessmentComparison = {
  user: { id: 'user-1', name: 'Ada Lovelace' },
  contest: {
    id: 'contest-1',
    name: 'November Call Blitz',
    startsAt: '2026-11-01T00:00:00.000Z',
    endsAt: '2026-12-01T00:00:00.000Z',
  },
  behaviours: [
    {
      behaviour: { id: 'b1', name: 'Opens with a clear agenda' },
      start: { rating: 2, note: 'Rushes in' },
      end: { rating: 4, note: 'States the outcome first' },
      change: 2,
    },
    {
      behaviour: { id: 'b2', name: 'Handles objections' },
      start: { rating: 3, note: '' },
      end: null,
      change: null,
    },
  ],
  figures: [
    { activityType: 'call', label: 'Calls', category: 'activity', count: 40, quantity: 52 },
    { activityType: 'deal_won', label: 'Deals won', category: 'outcome', count: 2, quantity: 2 },
  ],
};

const rep = { ...buildMe().user, id: 'user-1' };

describe('CoachingPage', () => {
  beforeEach(() => sessionStore.start('token-1'));

  it('shows start, end and change next to the figures, and saves an assessment of every behaviour', async () => {
    const bodies: unknown[] = [];
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { id: 'maya', role: 'manager' } })),
      'GET /api/users': () => jsonResponse(200, { items: [rep], total: 1, limit: 1000, offset: 0 }),
      'GET /api/teams': () => jsonResponse(200, []),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/behaviours': () => jsonResponse(200, behaviours),
      'GET /api/assessments': () => jsonResponse(200, []),
      'GET /api/assessments/comparison': () => jsonResponse(200, comparison),
      'GET /api/coaching-notes': () => jsonResponse(200, []),
      'POST /api/assessments': ({ body }) => {
        bodies.push(body);
        return jsonResponse(200, {});
      },
    });
    const { user } = renderApp('/coaching');
    const table = await screen.findByRole('table', { name: /Behaviours: start and end/ });
    const row = within(table).getByRole('row', { name: /Opens with a clear agenda/ });
    expect(row).toHaveTextContent('2Rushes in');
    expect(row).toHaveTextContent('4States the outcome first');
    expect(row).toHaveTextContent('▲ +2');
    expect(within(table).getByRole('row', { name: /Handles objections/ })).toHaveTextContent('–');
    const figures = screen.getByRole('table', { name: 'What Ada Lovelace did in the contest' });
    expect(within(figures).getByRole('row', { name: /Calls/ })).toHaveTextContent('40×52');

    const form = await screen.findByRole('form', { name: 'start assessment' });
    const first = within(form).getByRole('group', { name: 'Opens with a clear agenda' });
    await user.click(within(first).getByRole('radio', { name: '4 – Good' }));
    await user.click(within(form).getByRole('button', { name: 'Save start assessment' }));
    expect(within(form).getByText('Choose a rating.')).toBeInTheDocument();
    expect(bodies).toEqual([]);

    const second = within(form).getByRole('group', { name: 'Handles objections' });
    await user.click(within(second).getByRole('radio', { name: '3 – Fair' }));
    await user.type(within(second).getByLabelText('Note'), 'Argues back');
    await user.click(within(form).getByRole('button', { name: 'Save start assessment' }));
    expect(await within(form).findByText('Saved.')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        userId: 'user-1',
        contestId: 'contest-1',
        phase: 'start',
        ratings: [
          { behaviourId: 'b1', rating: 4 },
          { behaviourId: 'b2', rating: 3, note: 'Argues back' },
        ],
      },
    ]);
  });

  it('shows a rep their own comparison and notes, read only, without listing users', async () => {
    const fetchMock = mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe()),
      'GET /api/contests': () => jsonResponse(200, [buildContest()]),
      'GET /api/assessments/comparison': () => jsonResponse(200, comparison),
      'GET /api/coaching-notes': () =>
        jsonResponse(200, [
          {
            id: 'n1',
            user: { id: 'user-1', name: 'Ada' },
            author: { id: 'maya', name: 'Maya Chen' },
            body: 'Practise the pricing objection',
            createdAt: '2026-11-26T10:00:00.000Z',
          },
        ]),
    });
    renderApp('/coaching');
    expect(await screen.findByText('Practise the pricing objection')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: /Behaviours/ })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /assessment/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('New note')).not.toBeInTheDocument();
    const paths = fetchMock.mock.calls.map(
      ([input]) => new URL(String(input), 'http://x').pathname,
    );
    expect(paths).not.toContain('/api/users');
  });
});
