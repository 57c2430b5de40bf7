import type { Leaderboard, RecordActivityResponse } from '@arena/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchLeaderboard } from '../../contests/api/contests-api';
import { recordActivity, voidActivity } from '../api/activities-api';

/** One activity as the rep sees it right after logging: pending, saved, undone or failed. */
export type LoggedActivity = {
  /** Local id, stable from the tap on. */
  localId: string;
  activityType: string;
  quantity: number;
  /** Estimated points of the activity. */
  estimate: number;
  state: 'saving' | 'saved' | 'undoing' | 'undone' | 'failed';
  /**
   * Points not yet on the board (+estimate while logging, −estimate while undoing), counted
   * while the board still shows `baseline`, the rep's points when the change was asked for.
   */
  pending: { delta: number; baseline: number } | null;
  activity?: RecordActivityResponse;
  error?: string;
};

/** After the server answered, how long an estimate may stand if the board does not move (a cap). */
export const ESTIMATE_GRACE_MS = 1_500;

let nextLocalId = 0;

/**
 * Logging with an instant answer: the tap shows the estimated points at once, the board's own
 * figure replaces them as soon as it moves, and "undo" voids what was logged.
 */
export function useLogActivity(contestId: string) {
  const queryClient = useQueryClient();
  const [log, setLog] = useState<LoggedActivity[]>([]);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  const patch = useCallback((localId: string, change: Partial<LoggedActivity>) => {
    setLog((items) =>
      items.map((item) => (item.localId === localId ? { ...item, ...change } : item)),
    );
  }, []);

  /** The estimate stops counting a moment after the server answered, board moved or not. */
  const expire = useCallback(
    (localId: string) => {
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        patch(localId, { pending: null });
      }, ESTIMATE_GRACE_MS);
      timers.current.add(timer);
    },
    [patch],
  );

  /** Fetch the board now rather than wait for the socket; keep whichever is newer. */
  const refresh = useCallback(async () => {
    const key = queryKeys.leaderboard(contestId);
    try {
      const fresh = await fetchLeaderboard(contestId);
      const held = queryClient.getQueryData<Leaderboard>(key);
      if (!held || fresh.seq >= held.seq) queryClient.setQueryData(key, fresh);
    } catch {
      // The live socket brings the board; the estimate expires meanwhile.
    }
    await queryClient.invalidateQueries({ queryKey: [...queryKeys.contest(contestId), 'scores'] });
  }, [contestId, queryClient]);

  const logActivity = useCallback(
    async (activityType: string, quantity: number, estimate: number, baseline: number) => {
      const localId = `log-${++nextLocalId}`;
      setLog((items) => [
        {
          localId,
          activityType,
          quantity,
          estimate,
          state: 'saving',
          pending: { delta: estimate, baseline },
        },
        ...items.slice(0, 9),
      ]);
      try {
        const activity = await recordActivity({ type: activityType, quantity });
        patch(localId, { state: 'saved', activity });
        await refresh();
      } catch (error) {
        patch(localId, {
          state: 'failed',
          pending: null,
          error: error instanceof Error ? error.message : 'Could not log it.',
        });
        return;
      }
      expire(localId);
    },
    [patch, refresh, expire],
  );

  const undo = useCallback(
    async (item: LoggedActivity, baseline: number) => {
      if (!item.activity || item.state !== 'saved') return;
      patch(item.localId, {
        state: 'undoing',
        error: undefined,
        pending: { delta: -item.estimate, baseline },
      });
      try {
        await voidActivity(item.activity.id, { reason: 'Undone right after logging' });
        patch(item.localId, { state: 'undone' });
        await refresh();
      } catch (error) {
        patch(item.localId, {
          state: 'saved',
          pending: null,
          error: error instanceof Error ? error.message : 'Could not undo it.',
        });
        return;
      }
      expire(item.localId);
    },
    [patch, refresh, expire],
  );

  return { log, logActivity, undo };
}

/**
 * The rep's points to show: the board's, plus every estimate the board does not reflect yet
 * (an estimate stops counting as soon as the board's figure moves away from its baseline).
 */
export function withPendingPoints(boardPoints: number, log: readonly LoggedActivity[]): number {
  const pending = log.reduce(
    (sum, item) =>
      item.pending && item.pending.baseline === boardPoints ? sum + item.pending.delta : sum,
    0,
  );
  return Math.round((boardPoints + pending) * 100) / 100;
}
