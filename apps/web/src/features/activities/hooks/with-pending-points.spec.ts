import { withPendingPoints, type LoggedActivity } from './use-log-activity';

const item = (pending: LoggedActivity['pending']): LoggedActivity => ({
  localId: 'x',
  activityType: 'demo',
  quantity: 1,
  estimate: 50,
  state: 'saving',
  pending,
});

describe('withPendingPoints', () => {
  it('adds an estimate while the board still shows the points it was made on', () => {
    expect(withPendingPoints(20, [item({ delta: 50, baseline: 20 })])).toBe(70);
  });

  it("drops it as soon as the board's own figure moved, so nothing is counted twice", () => {
    expect(withPendingPoints(70, [item({ delta: 50, baseline: 20 })])).toBe(70);
    expect(withPendingPoints(60, [item({ delta: 50, baseline: 20 })])).toBe(60);
  });

  it('subtracts what is being undone', () => {
    expect(withPendingPoints(70, [item({ delta: -50, baseline: 70 }), item(null)])).toBe(20);
  });
});
