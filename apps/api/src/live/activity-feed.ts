import { randomUUID } from 'node:crypto';
import { LIVE_COALESCE_MS, type LiveActivity, type LiveActivityBatch } from '@arena/contracts';
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainEvents, type RecordedActivity } from '../common/domain-events';
import { KeyedCoalescer } from '../common/keyed-coalescer';
import { OrgSql } from '../common/org-sql';
import { RequestContext } from '../common/request-context';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

/**
 * A feed shows what just happened, not everything: per contest and coalescing window, one
 * `activity` event with the most recent few activities and the window's count. At 200
 * activities/s this keeps a thousand screens from receiving 200,000 messages a second, and a
 * person can read no more anyway.
 */
export const FEED_ITEMS_PER_WINDOW = 5;

/** `activity` events for feeds and tickers, and the deal-won celebration. */
@Injectable()
export class ActivityFeed implements OnModuleInit, OnModuleDestroy {
  /** Per contest: the latest activities waiting for the end of the window; sent on a stop. */
  private readonly batches = new KeyedCoalescer<LiveActivityBatch>({
    windowMs: LIVE_COALESCE_MS,
    edge: 'trailing',
    onStop: 'flush',
    run: (contestId, batch) =>
      this.broadcaster.emit(liveRooms.contest(contestId), 'activity', batch),
    // Emitting to a room does not fail; there is nothing to retry.
    onError: () => undefined,
  });

  constructor(
    private readonly sql: OrgSql,
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('activities-recorded', (event) =>
      RequestContext.runAsOrg(event.orgId, () => this.publish(event.activities)),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.batches.stop();
  }

  /** Resolves once every batch owed so far has been sent. */
  whenIdle(): Promise<void> {
    return this.batches.whenIdle();
  }

  private enqueue(contestId: string, activity: LiveActivity): void {
    this.batches.notify(contestId, (batch = { contestId, activities: [], total: 0 }) => {
      batch.activities.push(activity);
      batch.total++;
      if (batch.activities.length > FEED_ITEMS_PER_WINDOW) batch.activities.shift();
      return batch;
    });
  }

  /** Runs as the activities' organisation (`runAsOrg`). */
  private async publish(activities: RecordedActivity[]): Promise<void> {
    const orgId = this.sql.orgId;
    const users = await this.sql.query<{ id: string; name: string }>(
      `SELECT id, name FROM users WHERE org_id = $1 AND id = ANY($2::uuid[])`,
      [[...new Set(activities.map((activity) => activity.userId))]],
    );
    const nameOf = new Map(users.map((user) => [user.id, user.name]));
    const live = (activity: RecordedActivity): LiveActivity => ({
      id: activity.id,
      contestIds: activity.contestIds,
      userId: activity.userId,
      userName: nameOf.get(activity.userId) ?? 'Someone',
      type: activity.activityType,
      quantity: Number(activity.quantity),
      occurredAt: activity.occurredAt.toISOString(),
    });

    const inOrder = [...activities].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    for (const activity of inOrder) {
      for (const contestId of activity.contestIds) this.enqueue(contestId, live(activity));
    }

    for (const deal of activities.filter((activity) => activity.activityType === 'deal_won')) {
      const name = nameOf.get(deal.userId) ?? 'Someone';
      const celebration = {
        kind: 'deal_won' as const,
        participant: { id: deal.userId, kind: 'user' as const, name },
        message: `${name} won a deal!`,
        at: new Date().toISOString(),
      };
      const rooms = deal.contestIds.length
        ? deal.contestIds.map(liveRooms.contest)
        : [liveRooms.org(orgId)];
      for (const room of rooms) {
        const contestId = room.startsWith('contest:') ? room.slice('contest:'.length) : null;
        this.broadcaster.emit(room, 'celebration', { ...celebration, id: randomUUID(), contestId });
      }
    }
  }
}
