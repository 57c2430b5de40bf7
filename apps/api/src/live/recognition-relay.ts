import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events';
import { LiveBroadcaster, liveRooms } from './live-broadcaster';

/**
 * Every award and retraction goes out as `recognition` to the organisation (and the contest's
 * room, for displays); awards worth a screen take-over also as a `badge` celebration.
 */
@Injectable()
export class RecognitionRelay implements OnModuleInit {
  constructor(
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('recognition', ({ orgId, change, recognition, celebrate }) => {
      const contestId = recognition.contest?.id ?? null;
      const rooms = [liveRooms.org(orgId), ...(contestId ? [liveRooms.contest(contestId)] : [])];
      this.broadcaster.emit(rooms, 'recognition', { change, recognition });
      if (!celebrate || change !== 'awarded') return;
      const what = recognition.badge
        ? `${recognition.badge.emoji} ${recognition.badge.name}`
        : 'an achievement';
      this.broadcaster.emit(rooms, 'celebration', {
        id: randomUUID(),
        kind: 'badge',
        contestId,
        participant: recognition.recipient,
        message: recognition.awardedBy
          ? `${recognition.awardedBy.name} awarded ${recognition.recipient.name} ${what}: ${recognition.message}`
          : `${recognition.recipient.name}: ${recognition.message}`,
        at: recognition.createdAt,
      });
    });
  }
}
