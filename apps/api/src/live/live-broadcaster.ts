import type { ClientToServerEvents, ServerToClientEvents } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../common/request-context';
import { LiveFanout } from './live-fanout';

/** Clients spread their re-subscriptions after a resync over this long. */
export const RESYNC_SPREAD_MS = 2_000;

export interface LiveSocketData {
  principal: Principal;
  /** Recent subscribe times, for the per-socket rate limit. */
  subscribeTimes: number[];
}

export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;
export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;

export const liveRooms = {
  contest: (id: string) => `contest:${id}`,
  org: (id: string) => `org:${id}`,
  user: (id: string) => `user:${id}`,
  display: (id: string) => `display:${id}`,
};

/**
 * The one way anything is sent to live clients. With the Redis adapter a room broadcast reaches
 * the clients of every instance.
 */
@Injectable()
export class LiveBroadcaster {
  private namespace?: LiveNamespace;

  constructor(private readonly fanout: LiveFanout) {}

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
    // While Redis was down this instance's clients missed what the others sent: they catch up.
    this.fanout.onRestored(() =>
      namespace.local.emit('resync', { reason: 'fan-out-restored', spreadMs: RESYNC_SPREAD_MS }),
    );
  }

  emit<E extends keyof ServerToClientEvents>(
    rooms: string | string[],
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.namespace) return;
    // socket.io's typed emit cannot follow a generic event name through a rest parameter.
    (this.namespace.to(rooms).emit as (event: E, ...args: unknown[]) => boolean)(event, ...payload);
  }

  /** Takes every socket of `room` out of `rooms`, on every instance. */
  leave(room: string, rooms: string[]): void {
    if (rooms.length > 0) this.namespace?.in(room).socketsLeave(rooms);
  }

  /** Ends every connection in a room (e.g. a user who was deactivated), on every instance. */
  disconnect(room: string): void {
    this.namespace?.in(room).disconnectSockets(true);
  }
}
