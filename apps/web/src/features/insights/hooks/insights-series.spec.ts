import type { ActivityInsights } from '@arena/contracts';
import { chartSummary, periodRange, toChartSeries } from './insights-series';

const insights: ActivityInsights = {
  subject: { kind: 'user', id: 'sofia', name: 'Sofia Rossi' },
  from: '2026-11-24T00:00:00.000Z',
  to: '2026-11-26T12:00:00.000Z',
  timezone: 'Europe/Amsterdam',
  days: [
    { day: '2026-11-24', activities: 12, outcomes: 1, byType: { call: 10, demo: 2, deal_won: 1 } },
    { day: '2026-11-25', activities: 0, outcomes: 0, byType: {} },
    { day: '2026-11-26', activities: 5, outcomes: 0, byType: { call: 5 } },
  ],
  totals: [
    { activityType: 'call', label: 'Calls', category: 'activity', quantity: 15 },
    { activityType: 'demo', label: 'Demos', category: 'activity', quantity: 2 },
    { activityType: 'deal_won', label: 'Deals won', category: 'outcome', quantity: 1 },
  ],
};

describe('insights series', () => {
  it('has one point per day, zeros included, oldest first', () => {
    expect(toChartSeries(insights)).toEqual([
      { day: '2026-11-24', label: expect.stringMatching(/24/), activities: 12, outcomes: 1 },
      { day: '2026-11-25', label: expect.stringMatching(/25/), activities: 0, outcomes: 0 },
      { day: '2026-11-26', label: expect.stringMatching(/26/), activities: 5, outcomes: 0 },
    ]);
  });

  it('summarises the chart in words', () => {
    expect(chartSummary(insights)).toBe(
      'Sofia Rossi, 3 days: activities 15 Calls, 2 Demos; outcomes 1 Deals won. Busiest day 2026-11-24 with 12 activities.',
    );
  });

  it('covers whole local days up to now', () => {
    const now = new Date(2026, 10, 26, 15, 30);
    const { from, to } = periodRange(7, now);
    expect(new Date(from)).toEqual(new Date(2026, 10, 20, 0, 0));
    expect(to).toBe(now.toISOString());
  });
});
