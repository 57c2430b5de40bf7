import type { DisplayConfig, LiveActivity, Recognition } from '@arena/contracts';
import { buildBoard, buildContest, entry } from '../../../../test/build-board';
import { MAX_ACTIVITIES, MAX_RECOGNITIONS, tvWallReducer, type TvWallState } from './use-tv-wall';

const contest = buildContest();
const config: DisplayConfig = {
  id: 'display-1',
  name: 'Sales floor',
  orgName: 'Northwind',
  rotationSeconds: 20,
  playlist: [{ contestId: contest.id, screen: 'leaderboard', contest }],
  release: 'abc',
};

function activity(n: number): LiveActivity {
  return {
    id: `a${n}`,
    contestIds: [contest.id],
    userId: 'user-1',
    userName: 'Maya',
    type: 'call',
    quantity: 1,
    occurredAt: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
  };
}

function recognition(n: number, contestId = contest.id): Recognition {
  return {
    id: `r${n}`,
    kind: 'kudos',
    badge: null,
    achievement: null,
    recipient: { id: 'user-1', kind: 'user', name: 'Maya' },
    awardedBy: { id: 'user-2', name: 'Nora' },
    contest: { id: contestId, name: 'Blitz' },
    message: 'Great call',
    prize: null,
    createdAt: new Date(Date.UTC(2026, 10, 26, 9, 0, n)).toISOString(),
    retractedAt: null,
    retractedBy: null,
    retractionReason: null,
  };
}

const start = (): TvWallState =>
  tvWallReducer(
    {
      phase: 'loading',
      revokedMessage: '',
      config: null,
      boards: {},
      activities: [],
      recognitions: {},
      offlineSince: null,
    },
    { type: 'config', config },
  );

describe('the TV wall state', () => {
  it('keeps a bounded ticker however many activities arrive', () => {
    let state = start();
    for (let n = 0; n < 1000; n += 1) {
      state = tvWallReducer(state, { type: 'activities', activities: [activity(n)] });
    }
    expect(state.activities).toHaveLength(MAX_ACTIVITIES);
    expect(state.activities[0].id).toBe('a999');
  });

  it('keeps a bounded recognition wall, live, and drops retracted ones', () => {
    let state = start();
    for (let n = 0; n < 100; n += 1) {
      state = tvWallReducer(state, {
        type: 'recognition',
        event: { change: 'awarded', recognition: recognition(n) },
      });
    }
    expect(state.recognitions[contest.id]).toHaveLength(MAX_RECOGNITIONS);
    expect(state.recognitions[contest.id][0].id).toBe('r99');
    state = tvWallReducer(state, {
      type: 'recognition',
      event: { change: 'retracted', recognition: recognition(99) },
    });
    expect(state.recognitions[contest.id][0].id).toBe('r98');
  });

  it('ignores what is not on its playlist, and forgets contests that leave it', () => {
    let state = start();
    state = tvWallReducer(state, {
      type: 'recognition',
      event: { change: 'awarded', recognition: recognition(1, 'elsewhere') },
    });
    expect(state.recognitions.elsewhere).toBeUndefined();
    state = tvWallReducer(state, { type: 'board', board: buildBoard(3, [entry('u', 'U', 1, 5)]) });
    expect(state.boards[contest.id]?.seq).toBe(3);
    state = tvWallReducer(state, { type: 'config', config: { ...config, playlist: [] } });
    expect(state.boards).toEqual({});
  });

  it('keeps the last board while offline, and stays revoked for good', () => {
    let state = start();
    state = tvWallReducer(state, { type: 'board', board: buildBoard(3, [entry('u', 'U', 1, 5)]) });
    state = tvWallReducer(state, { type: 'offline', now: new Date() });
    expect(state.offlineSince).not.toBeNull();
    expect(state.boards[contest.id]?.entries).toHaveLength(1);
    state = tvWallReducer(state, { type: 'revoked', message: 'Disconnected.' });
    expect(state.phase).toBe('revoked');
    expect(state.boards).toEqual({});
    expect(tvWallReducer(state, { type: 'config', config }).phase).toBe('revoked');
  });
});
