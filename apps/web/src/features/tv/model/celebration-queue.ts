import type { Celebration, CelebrationKind } from '@arena/contracts';

/** What a TV wall shows over its rotation: one celebration, or a summary of a flood of them. */
export type TakeOver =
  | { kind: 'single'; id: string; celebration: Celebration }
  | {
      kind: 'summary';
      id: string;
      count: number;
      /** The celebration kind when they all share one, else null. */
      celebrationKind: CelebrationKind | null;
      /** A few distinct names, most recent first. */
      names: string[];
      headline: string;
    };

export interface CelebrationQueue {
  showing: TakeOver | null;
  waiting: Celebration[];
}

/** More than this many waiting when a take-over ends: one summary instead of replaying them. */
export const SUMMARY_THRESHOLD = 3;
/** The most celebrations kept waiting: the oldest drop out (a summary counts them anyway). */
export const MAX_WAITING = 100;
/** How many names a summary lists. */
export const SUMMARY_NAMES = 6;

export const emptyCelebrationQueue: CelebrationQueue = { showing: null, waiting: [] };

function single(celebration: Celebration): TakeOver {
  return { kind: 'single', id: celebration.id, celebration };
}

const summaryNouns: Record<CelebrationKind, [string, string]> = {
  deal_won: ['deal won', 'deals won'],
  goal_reached: ['goal reached', 'goals reached'],
  new_leader: ['change at the top', 'changes at the top'],
  badge: ['badge awarded', 'badges awarded'],
};

function summary(celebrations: Celebration[]): TakeOver {
  const kinds = new Set(celebrations.map((celebration) => celebration.kind));
  const celebrationKind = kinds.size === 1 ? celebrations[0].kind : null;
  const count = celebrations.length;
  const noun = celebrationKind
    ? summaryNouns[celebrationKind][count === 1 ? 0 : 1]
    : 'celebrations';
  const names: string[] = [];
  for (const celebration of [...celebrations].reverse()) {
    const name = celebration.participant.name;
    if (!names.includes(name)) names.push(name);
    if (names.length === SUMMARY_NAMES) break;
  }
  return {
    kind: 'summary',
    id: `summary:${celebrations[0].id}:${count}`,
    count,
    celebrationKind,
    names,
    headline: `${count} ${noun} in the last minute!`,
  };
}

/**
 * One moment told once: a deal that counts in two contests of the playlist arrives once per
 * contest (with its own id each time) but is one take-over.
 */
function isEcho(a: Celebration, b: Celebration): boolean {
  return (
    a.contestId !== b.contestId &&
    a.kind === b.kind &&
    a.participant.id === b.participant.id &&
    a.at === b.at &&
    a.message === b.message
  );
}

/** A celebration arrives: shown at once when nothing is, else it waits its turn. */
export function enqueueCelebration(
  queue: CelebrationQueue,
  celebration: Celebration,
): CelebrationQueue {
  const showing = queue.showing?.kind === 'single' ? queue.showing.celebration : null;
  if (showing && (showing.id === celebration.id || isEcho(showing, celebration))) return queue;
  const waits = (waiting: Celebration) =>
    waiting.id === celebration.id || isEcho(waiting, celebration);
  if (queue.waiting.some(waits)) return queue;
  if (!queue.showing) return { showing: single(celebration), waiting: [] };
  const waiting = [...queue.waiting, celebration];
  return { showing: queue.showing, waiting: waiting.slice(-MAX_WAITING) };
}

/**
 * The take-over on screen has had its time: the next one waiting, or — when a flood waits — one
 * summary of all of them, so a busy minute never replays for the next ten.
 */
export function finishTakeOver(queue: CelebrationQueue): CelebrationQueue {
  const { waiting } = queue;
  if (waiting.length === 0) return emptyCelebrationQueue;
  if (waiting.length > SUMMARY_THRESHOLD) return { showing: summary(waiting), waiting: [] };
  return { showing: single(waiting[0]), waiting: waiting.slice(1) };
}

/** Seconds a take-over stays up. */
export function takeOverSeconds(takeOver: TakeOver): number {
  return takeOver.kind === 'summary' ? 6 : 5;
}
