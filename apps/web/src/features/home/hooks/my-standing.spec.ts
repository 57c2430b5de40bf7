import { entry } from '../../../../test/build-board';
import { myStanding } from './my-standing';

const entries = [
  entry('sofia', 'Sofia', 1, 120),
  entry('omar', 'Omar', 2, 90),
  entry('maya', 'Maya', 3, 40.5),
];

describe('myStanding', () => {
  it('measures the distance to the next rank and to the goal', () => {
    expect(myStanding(entries, 'maya', 200)).toEqual({
      rank: 3,
      points: 40.5,
      behindNext: 49.5,
      toGoal: 159.5,
    });
  });

  it('says the leader leads and a reached goal is reached', () => {
    expect(myStanding(entries, 'sofia', 100)).toMatchObject({ behindNext: null, toGoal: 0 });
  });

  it('counts points not yet on the board into the distances', () => {
    expect(myStanding(entries, 'maya', null, 50)).toMatchObject({
      rank: 2,
      points: 90.5,
      behindNext: 29.5,
      toGoal: null,
    });
    expect(myStanding(entries, 'maya', null, 100)).toMatchObject({ rank: 1, behindNext: null });
  });

  it('places someone not on the board yet behind everyone with more points', () => {
    expect(myStanding(entries, 'new', null)).toMatchObject({ rank: null, behindNext: 40.5 });
  });
});
