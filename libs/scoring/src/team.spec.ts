import { roundPoints } from './decimal';
import { aggregateTeam } from './team';
import type { TeamAggregation } from './types';

describe('aggregateTeam', () => {
  it('sums members exactly', () => {
    expect(aggregateTeam(['10.5', '0', '4.25'], 'sum')).toBe('14.75');
    expect(aggregateTeam([0.1, 0.2], 'sum')).toBe('0.3');
  });

  it('averages over every member, counting members with zero', () => {
    expect(aggregateTeam(['10', '0'], 'average')).toBe('5');
    expect(aggregateTeam(['12.3456', '0', '0', '0'], 'average')).toBe('3.0864');
  });

  it('carries a non-terminating average at full precision and rounds it half-up for display', () => {
    const third = aggregateTeam(['10', '0', '0'], 'average');
    expect(third).toBe('3.333333333333333333333333333333333333333');
    expect(roundPoints(third)).toBe('3.33');
    const twoThirds = aggregateTeam(['1', '1', '0'], 'average');
    expect(twoThirds).toBe('0.6666666666666666666666666666666666666667');
    expect(roundPoints(twoThirds)).toBe('0.67');
    // 0.015 / 3 = 0.005: exactly half a cent, so it rounds up rather than drifting down.
    expect(roundPoints(aggregateTeam(['0.005', '0.005', '0.005'], 'average'))).toBe('0.01');
  });

  it('gives "0" for a team without members', () => {
    expect(aggregateTeam([], 'sum')).toBe('0');
    expect(aggregateTeam([], 'average')).toBe('0');
  });

  it('rejects an unknown aggregation', () => {
    expect(() => aggregateTeam(['1'], 'median' as TeamAggregation)).toThrow(RangeError);
  });
});
