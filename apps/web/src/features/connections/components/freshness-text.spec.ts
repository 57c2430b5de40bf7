import { freshnessText } from './freshness-text';

const now = Date.parse('2026-12-04T12:00:00Z');
const base = {
  id: 'c1',
  kind: 'hubspot' as const,
  name: 'HubSpot (sales)',
  summary: 'Last record 2 min ago',
};

describe('freshnessText', () => {
  it('says where the data comes from and how fresh it is', () => {
    expect(freshnessText([{ ...base, state: 'ok', asOf: '2026-12-04T11:58:00Z' }], now)).toEqual({
      warning: false,
      text: 'Data from HubSpot (sales) · 2 min. ago',
    });
    expect(freshnessText([], now)).toBeNull();
    expect(freshnessText([{ ...base, state: 'waiting', asOf: null }], now)).toBeNull();
  });

  it('warns when a source is stale or failing', () => {
    expect(
      freshnessText(
        [
          {
            ...base,
            state: 'stale',
            asOf: '2026-12-04T08:00:00Z',
            summary: 'Silent for 4 h (usually every 5 min)',
          },
          {
            ...base,
            id: 'c2',
            name: 'Dialer',
            kind: 'webhook',
            state: 'ok',
            asOf: '2026-12-04T11:59:00Z',
          },
        ],
        now,
      ),
    ).toEqual({
      warning: true,
      text: 'HubSpot (sales) is stale: silent for 4 h (usually every 5 min)',
    });
  });
});
