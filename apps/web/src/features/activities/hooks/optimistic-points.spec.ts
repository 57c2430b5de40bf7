import { estimatePoints } from './optimistic-points';

const rules = [
  { activityType: 'call', pointsPerUnit: 10, dailyCap: 3, totalCap: null },
  { activityType: 'demo', pointsPerUnit: 12.5 },
];

describe('estimatePoints', () => {
  it('multiplies units by the rule, within the caps a single entry can reach', () => {
    expect(estimatePoints(rules, 'call', 2)).toBe(20);
    expect(estimatePoints(rules, 'call', 5)).toBe(30);
    expect(estimatePoints(rules, 'demo', 3)).toBe(37.5);
  });

  it('is zero for a type the contest does not score', () => {
    expect(estimatePoints(rules, 'meeting', 4)).toBe(0);
  });
});
