import { randomUUID } from 'node:crypto';
import type { LiveActivity } from '@arena/contracts';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DomainEvents, type RecordedActivity } from '../common/domain-events';
import { UserEntity } from '../users/entities/user.entity';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

/** A batch of a thousand is summarised for feeds by its most recent activities, per contest. */
export const FEED_ITEMS_PER_BATCH = 25;

/** `activity` events for feeds and tickers, and the deal-won celebration. */
@Injectable()
export class ActivityFeed implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('activities-recorded', (event) => this.publish(event.orgId, event.activities));
  }

  private async publish(orgId: string, activities: RecordedActivity[]): Promise<void> {
    const users = await this.dataSource.getRepository(UserEntity).find({
      where: { orgId, id: In([...new Set(activities.map((activity) => activity.userId))]) },
      select: { id: true, name: true },
    });
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

    const contestIds = [...new Set(activities.flatMap((activity) => activity.contestIds))];
    for (const contestId of contestIds) {
      const recent = activities
        .filter((activity) => activity.contestIds.includes(contestId))
        .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())
        .slice(0, FEED_ITEMS_PER_BATCH)
        .reverse();
      for (const activity of recent)
        this.broadcaster.emit(liveRooms.contest(contestId), 'activity', live(activity));
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
