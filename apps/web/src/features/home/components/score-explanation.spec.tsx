import { render, screen, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { ScoreExplanation } from './score-explanation';

describe('ScoreExplanation', () => {
  it('explains every point: per type, then each activity with caps and power hours', async () => {
    mockApi({
      'GET /api/contests/c1/scores/u1': () =>
        jsonResponse(200, {
          participant: { id: 'u1', kind: 'user', name: 'Maya' },
          rank: 2,
          points: 340,
          goalReached: false,
          breakdown: [
            { activityType: 'call', units: 45, countedUnits: 40, points: 240 },
            { activityType: 'demo', units: 1, countedUnits: 1, points: 100 },
          ],
          explanation: [
            {
              activityId: 'a1',
              userId: 'u1',
              activityType: 'call',
              quantity: 45,
              occurredAt: '2026-11-24T09:00:00.000Z',
              countedUnits: 40,
              multiplier: 1,
              points: 240,
            },
            {
              activityId: 'a2',
              userId: 'u1',
              activityType: 'demo',
              quantity: 1,
              occurredAt: '2026-11-25T16:30:00.000Z',
              countedUnits: 1,
              multiplier: 2,
              points: 100,
            },
          ],
        }),
    });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={queryClient}>
        <ScoreExplanation
          contestId="c1"
          participantId="u1"
          timezone="Europe/Amsterdam"
          typeLabel={(key) => ({ call: 'Call', demo: 'Demo' })[key] ?? key}
        />
      </QueryClientProvider>,
    );
    const table = await screen.findByRole('table');
    const call = within(table).getByRole('row', { name: /Call/ });
    expect(
      within(call)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['45', '40', '240']);
    expect(within(table).getByRole('row', { name: /Total/ })).toHaveTextContent('340');
    const lines = within(screen.getByRole('list', { name: 'Every activity that counted' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(lines[0]).toMatch(/1 Demo × 2 power hour\+100$/);
    expect(lines[1]).toMatch(/45 Call \(40 counted: cap reached\)\+240$/);
  });
});
