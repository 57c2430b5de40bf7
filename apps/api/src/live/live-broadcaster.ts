import type { ClientToServerEvents, ServerToClientEvents } from '@arena/contracts';
import { Injectable } from '@nestjs/common';
import type { Namespace, RemoteSocket, Socket } from 'socket.io';
import type { Principal } from '../common/request-context';
import type { LiveInterServerEvents } from './leaderboard-notice';
import { LiveFanout } from './live-fanout';

/** Stands for the payload in an encoded packet (`emitLocalJson`); never sent. */
const PAYLOAD_MARK = '\u0000payload\u0000';

/** Clients spread their re-subscriptions after a resync over at least this long. */
export const RESYNC_SPREAD_MS = 2_000;

/**
 * Each resubscription reads a snapshot: spread them by how many clients this instance holds
 * (about 500 a second), so a large floor coming back does not queue every read at once.
 */
export function resyncSpread(sockets: number): number {
  return Math.min(60_000, Math.max(RESYNC_SPREAD_MS, sockets * 2));
}

export interface LiveSocketData {
  principal: Principal;
  /** Recent subscribe times, for the per-socket rate limit. */
  subscribeTimes: number[];
  /** Per contest followed, the room of the window this socket follows (`LiveWindows`). */
  windows: Record<string, string>;
}

export type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  LiveInterServerEvents,
  LiveSocketData
>;
export type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  LiveInterServerEvents,
  LiveSocketData
>;

export const liveRooms = {
  contest: (id: string) => `contest:${id}`,
  org: (id: string) => `org:${id}`,
  user: (id: string) => `user:${id}`,
  /** One access token's connections: signing it out closes just them. */
  session: (jti: string) => `session:${jti}`,
  display: (id: string) => `display:${id}`,
};

/**
 * The one way anything is sent to live clients. With the Redis adapter a room broadcast reaches
 * the clients of every instance.
 */
@Injectable()
export class LiveBroadcaster {
  private namespace?: LiveNamespace;
  /** Per event, the encoded packet around its payload (`emitLocalJson`). */
  private readonly templates = new Map<string, [string, string]>();

  constructor(private readonly fanout: LiveFanout) {}

  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
    // While Redis was down this instance's clients missed what the others sent: they catch up.
    this.fanout.onRestored(() =>
      namespace.local.emit('resync', {
        reason: 'fan-out-restored',
        spreadMs: resyncSpread(namespace.sockets.size),
      }),
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

  /** To the sockets of `room` on this instance only (each instance serves its own windows). */
  emitLocal<E extends keyof ServerToClientEvents>(
    room: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.namespace) return;
    const local = this.namespace.local.to(room);
    (local.emit as (event: E, ...args: unknown[]) => boolean)(event, ...payload);
  }

  /**
   * `emitLocal` of a payload already written as JSON (`json`, e.g. put together from parts
   * shared by many rooms, each encoded once): the same packet on the wire, written to each socket
   * of the room, without socket.io encoding the payload again for every room.
   */
  emitLocalJson(room: string, event: keyof ServerToClientEvents, json: string): void {
    const namespace = this.namespace;
    const ids = namespace?.adapter.rooms.get(room);
    if (!namespace || !ids) return;
    let template = this.templates.get(event);
    if (!template) {
      // socket.io's own encoding of the event with a placeholder: the packet's type, namespace
      // and event name exactly as its parser writes them (EVENT = 2).
      const [encoded] = namespace.server.encoder.encode({
        type: 2,
        nsp: namespace.name,
        data: [event, PAYLOAD_MARK],
      }) as string[];
      template = encoded.split(JSON.stringify(PAYLOAD_MARK)) as [string, string];
      this.templates.set(event, template);
    }
    const packet = template[0] + json + template[1];
    for (const id of ids) {
      const conn = namespace.sockets.get(id)?.conn;
      if (conn?.readyState === 'open') conn.write(packet);
    }
  }

  /**
   * To the other instances (through Redis), not this one; nothing to do without REDIS_URL.
   * While Redis is down it is dropped: the other instances resync when it is back.
   */
  toOtherInstances<E extends keyof LiveInterServerEvents>(
    event: E,
    ...payload: Parameters<LiveInterServerEvents[E]>
  ): void {
    if (!this.namespace || !this.fanout.clients()) return;
    try {
      this.namespace.serverSideEmit(event, ...payload);
    } catch {
      // The adapter publishes through the fail-soft client; nothing else can throw here.
    }
  }

  /** Takes every socket of `room` out of `rooms`, on every instance. */
  leave(room: string, rooms: string[]): void {
    if (rooms.length > 0) this.namespace?.in(room).socketsLeave(rooms);
  }

  /**
   * The sockets of a room on every instance (remote ones carry `data` and can leave rooms). While
   * Redis is down the other instances cannot answer: this instance's own sockets are still
   * handled, and the others re-run their checks when they resubscribe after the resync.
   */
  async socketsIn(room: string): Promise<RemoteSocket<ServerToClientEvents, LiveSocketData>[]> {
    if (!this.namespace) return [];
    try {
      return await this.namespace.in(room).fetchSockets();
    } catch {
      return this.namespace.local.in(room).fetchSockets();
    }
  }

  /** Ends every connection in a room (e.g. a user who was deactivated), on every instance. */
  disconnect(room: string): void {
    this.namespace?.in(room).disconnectSockets(true);
  }
}
