import type { Celebration, CelebrationKind } from '@arena/contracts';
import {
  MAX_WAITING,
  SUMMARY_THRESHOLD,
  emptyCelebrationQueue,
  enqueueCelebration,
  finishTakeOver,
  type CelebrationQueue,
} from './celebration-queue';

let next = 0;
function celebration(
  name: string,
  kind: CelebrationKind = 'deal_won',
  overrides: Partial<Celebration> = {},
): Celebration {
  next += 1;
  return {
    id: `c${next}`,
    kind,
    contestId: 'contest-1',
    participant: { id: `u-${name}`, kind: 'user', name },
    message: `${name} won a deal!`,
    at: new Date(Date.UTC(2026, 10, 26, 17, 0, next)).toISOString(),
    ...overrides,
  };
}

const enqueueAll = (queue: CelebrationQueue, items: Celebration[]) =>
  items.reduce(enqueueCelebration, queue);

/** Plays the queue out: every take-over shown, in order, until nothing is left. */
function playOut(queue: CelebrationQueue) {
  const shown = [];
  while (queue.showing) {
    shown.push(queue.showing);
    queue = finishTakeOver(queue);
  }
  return shown;
}

describe('the celebration queue', () => {
  it('shows a celebration at once when the wall is idle', () => {
    const deal = celebration('Maya');
    const queue = enqueueCelebration(emptyCelebrationQueue, deal);
    expect(queue.showing).toEqual({ kind: 'single', id: deal.id, celebration: deal });
    expect(queue.waiting).toEqual([]);
  });

  it('never overlaps: what arrives during a take-over waits, then shows one at a time', () => {
    const [a, b, c] = [celebration('Maya'), celebration('Omar'), celebration('Sofia')];
    let queue = enqueueAll(emptyCelebrationQueue, [a, b, c]);
    expect(queue.showing?.id).toBe(a.id);
    expect(queue.waiting.map((item) => item.id)).toEqual([b.id, c.id]);
    queue = finishTakeOver(queue);
    expect(queue.showing?.id).toBe(b.id);
    queue = finishTakeOver(queue);
    expect(queue.showing?.id).toBe(c.id);
    expect(finishTakeOver(queue)).toEqual(emptyCelebrationQueue);
  });

  it(`replays up to ${SUMMARY_THRESHOLD} waiting ones one by one`, () => {
    const items = Array.from({ length: SUMMARY_THRESHOLD + 1 }, (_, i) => celebration(`Rep ${i}`));
    const shown = playOut(enqueueAll(emptyCelebrationQueue, items));
    expect(shown.map((item) => item.kind)).toEqual(items.map(() => 'single'));
  });

  it('summarises a flood: 30 deals become one take-over and one summary of 29', () => {
    const names = ['Maya', 'Omar', 'Sofia'];
    const deals = Array.from({ length: 30 }, (_, i) => celebration(names[i % 3]));
    const shown = playOut(enqueueAll(emptyCelebrationQueue, deals));
    expect(shown).toHaveLength(2);
    expect(shown[0].kind).toBe('single');
    const summary = shown[1];
    expect(summary.kind).toBe('summary');
    if (summary.kind !== 'summary') return;
    expect(summary.count).toBe(29);
    expect(summary.headline).toBe('29 deals won in the last minute!');
    expect(summary.celebrationKind).toBe('deal_won');
    // Most recent first, each name once.
    expect(summary.names).toEqual(['Sofia', 'Omar', 'Maya']);
  });

  it('calls a mixed flood "celebrations"', () => {
    const items = [
      celebration('Maya'),
      celebration('Omar', 'goal_reached'),
      celebration('Sofia', 'new_leader'),
      celebration('Jonas', 'badge'),
      celebration('Aiko'),
    ];
    const [, summary] = playOut(enqueueAll(emptyCelebrationQueue, items));
    expect(summary.kind === 'summary' && summary.headline).toBe(
      '4 celebrations in the last minute!',
    );
  });

  it('keeps at most MAX_WAITING waiting, however long the flood', () => {
    const items = Array.from({ length: MAX_WAITING * 3 }, (_, i) => celebration(`Rep ${i}`));
    const queue = enqueueAll(emptyCelebrationQueue, items);
    expect(queue.waiting).toHaveLength(MAX_WAITING);
    expect(queue.waiting.at(-1)?.id).toBe(items.at(-1)?.id);
  });

  it('tells one deal once when it counts in two contests of the playlist', () => {
    const deal = celebration('Maya');
    const echo = { ...deal, id: 'other-id', contestId: 'contest-2' };
    const queue = enqueueAll(emptyCelebrationQueue, [deal, echo, celebration('Omar'), echo]);
    expect(playOut(queue)).toHaveLength(2);
  });

  it('ignores a celebration it already has', () => {
    const deal = celebration('Maya');
    const other = celebration('Omar');
    const queue = enqueueAll(emptyCelebrationQueue, [deal, other, deal, other]);
    expect(queue.waiting).toHaveLength(1);
  });
});
