import {
  LIVE_MAX_AROUND,
  LIVE_MAX_TOP,
  LIVE_NAMESPACE,
  type ErrorCode,
  type LiveError,
  type SubscribeAck,
  type UnsubscribeAck,
} from '@arena/contracts';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { DomainEvents } from '../common/domain-events';
import { apiErrorOf, toUnavailable } from '../common/api-exception.filter';
import { RequestContext, type UserSession } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { webRelease } from '../config/release';
import { ContestAccess } from '../contests/contest-access';
import { LeaderboardStream } from './leaderboard-stream';
import { LiveAuthenticator } from './live-authenticator';
import { LiveBudgets } from './live-budgets';
import { LiveRefusalError } from './live-refusal';
import { LiveWindows, type WindowSpec } from './live-windows';
import type { Principal } from '../common/request-context';
import type { LoadedContest } from '../scores/scoring-contest';
import {
  LiveBroadcaster,
  liveRooms,
  type LiveNamespace,
  type LiveSocket,
} from './live-broadcaster';

/** Subscriptions a socket may make per window; more are refused until the window passes. */
export const SUBSCRIBE_LIMIT = { count: 20, windowMs: 10_000 };
/** Packets waiting to be written to one socket before it counts as a slow consumer and is dropped. */
export const MAX_BUFFERED_PACKETS = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `/live` namespace (SPEC §5). The handshake authenticates; `subscribe` joins a contest's
 * room after the same access check as the REST API and answers with the snapshot to build on.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway
  implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnModuleDestroy
{
  private readonly logger = new Logger('LiveGateway');
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly authenticator: LiveAuthenticator,
    private readonly access: ContestAccess,
    private readonly stream: LeaderboardStream,
    private readonly broadcaster: LiveBroadcaster,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    private readonly budgets: LiveBudgets,
    private readonly windows: LiveWindows,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    // Budgets first: refusing a flood must cost less than the work it would cause.
    namespace.use(this.budgets.admit);
    namespace.use((socket, next) => {
      this.budgets
        .authenticating(socket, () =>
          this.authenticator.authenticate(socket.handshake.auth?.['token']),
        )
        .then(
          (principal) => {
            socket.data.principal = principal;
            socket.data.subscribeTimes = [];
            socket.data.windows = {};
            next();
          },
          (error: unknown) => next(this.refusal(error)),
        );
    });
    this.broadcaster.attach(namespace);
    this.windows.attach(namespace);
    this.events.on('user-deactivated', (event) =>
      this.broadcaster.disconnect(liveRooms.user(event.userId)),
    );
    this.events.on('sessions-revoked', (event) =>
      this.broadcaster.disconnect(
        event.jti ? liveRooms.session(event.jti) : liveRooms.user(event.userId),
      ),
    );
    this.events.on('display-changed', (event) => {
      const room = liveRooms.display(event.displayId);
      // It re-reads its playlist and subscribes again; what it showed before is no longer sent.
      this.broadcaster.leave(room, event.previousContestIds.map(liveRooms.contest));
      if (event.change === 'updated') {
        this.broadcaster.emit(room, 'display', {
          change: 'updated',
          message: 'The playlist changed.',
        });
        return;
      }
      this.broadcaster.emit(room, 'display', {
        change: 'revoked',
        message: 'This display was disconnected by an admin.',
      });
      // Give the message a moment to leave before the connection ends.
      setTimeout(() => this.broadcaster.disconnect(room), 250).unref();
    });
    this.sweep = setInterval(() => this.dropSlowConsumers(namespace), 1000);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  handleConnection(socket: LiveSocket): void {
    const { principal } = socket.data;
    // A display hears only about the contests it subscribes to, not the whole organisation.
    if (principal.kind === 'display') void socket.join(liveRooms.display(principal.displayId));
    else void socket.join(liveRooms.org(principal.orgId));
    if (principal.kind === 'user') {
      void socket.join(liveRooms.user(principal.userId));
      if (principal.session) this.endWithToken(socket, principal.session);
    }
    socket.emit('ready', {
      principal: principal.kind === 'display' ? 'display' : 'user',
      orgId: principal.orgId,
      release: webRelease(this.config.webDist),
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<SubscribeAck> {
    const contestId = contestIdOf(body);
    if (!contestId) return refused('invalid_input', 'Send { contestId } with a contest id.');
    const window = windowOf(body);
    if (typeof window === 'string') return refused('invalid_input', window);
    if (!this.allowSubscribe(socket)) {
      return refused(
        'rate_limited',
        `Too many subscriptions: at most ${SUBSCRIBE_LIMIT.count} per ${SUBSCRIBE_LIMIT.windowMs / 1000} s.`,
      );
    }
    const principal = socket.data.principal;
    if (!(await this.authenticator.stillValid(principal))) {
      socket.disconnect(true);
      return refused('session_ended', 'This account is no longer active.');
    }
    try {
      return await RequestContext.run(async () => {
        const contest = await this.access.readableBoard(contestId);
        await socket.join(liveRooms.contest(contestId));
        const spec = resolveWindow(window, principal, contest);
        const leaderboard = await this.windows.subscribe(socket, contest, spec);
        // In case an update was never numbered (an instance that crashed mid-window): a check
        // of the top of the board, one per coalescing window however many subscribe.
        if (contest.entity.publishedAt && !contest.entity.archivedAt)
          this.stream.notify(contest.entity.orgId, contestId, { check: true });
        return { ok: true as const, leaderboard };
      }, principal);
    } catch (error) {
      const { code, message, statusCode } = apiErrorOf(error);
      if (statusCode >= 500 && code !== 'unavailable') this.logger.error(error);
      return refused(code, message);
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<UnsubscribeAck> {
    const contestId = contestIdOf(body);
    if (!contestId) return refused('invalid_input', 'Send { contestId } with a contest id.');
    await socket.leave(liveRooms.contest(contestId));
    const window = socket.data.windows[contestId];
    if (window) await socket.leave(window);
    delete socket.data.windows[contestId];
    return { ok: true };
  }

  /** A handshake failure as `connect_error` data with its code (a refusal already has one). */
  private refusal(error: unknown): Error {
    if (error instanceof LiveRefusalError) return error;
    const unavailable = toUnavailable(error);
    if (unavailable) {
      return new LiveRefusalError(unavailable.message, {
        code: 'unavailable',
        retryAfterMs: unavailable.retryAfterSeconds * 1000,
      });
    }
    this.logger.error(error);
    return new LiveRefusalError('Something went wrong on our side. It has been logged.', {
      code: 'internal',
    });
  }

  /** A socket lives no longer than its token: it is dropped the moment the token expires. */
  private endWithToken(socket: LiveSocket, session: UserSession): void {
    void socket.join(liveRooms.session(session.jti));
    // setTimeout's longest delay is 2^31 - 1 ms; our tokens live 12 h.
    const ms = Math.min(session.expiresAt * 1000 - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => socket.disconnect(true), Math.max(ms, 0));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  private allowSubscribe(socket: LiveSocket): boolean {
    const now = Date.now();
    const recent = socket.data.subscribeTimes.filter(
      (time) => now - time < SUBSCRIBE_LIMIT.windowMs,
    );
    socket.data.subscribeTimes = recent;
    if (recent.length >= SUBSCRIBE_LIMIT.count) return false;
    recent.push(now);
    return true;
  }

  /** A client that does not read its updates is disconnected rather than buffered without limit. */
  private dropSlowConsumers(namespace: LiveNamespace): void {
    for (const socket of namespace.sockets.values()) {
      const waiting = bufferedPackets(socket);
      if (waiting > MAX_BUFFERED_PACKETS) {
        this.logger.warn(`Dropping slow consumer ${socket.id} (${waiting} packets waiting)`);
        socket.disconnect(true);
      }
    }
  }
}

function refused(code: ErrorCode, error: string): LiveError {
  return { ok: false, code, error };
}

function contestIdOf(body: unknown): string | null {
  const id = (body as { contestId?: unknown } | null)?.contestId;
  return typeof id === 'string' && UUID.test(id) ? id : null;
}

type RequestedWindow = { top?: number; around?: string; aroundCount?: number } | null;

/** The `window` of a subscribe request, or why it is invalid. */
function windowOf(body: unknown): RequestedWindow | string {
  const window = (body as { window?: unknown } | null)?.window;
  if (window === undefined || window === null) return null;
  const bad = `window is { top?: 0–${LIVE_MAX_TOP}, around?: a participant id or 'me', aroundCount?: 0–${LIVE_MAX_AROUND} }.`;
  if (typeof window !== 'object' || Array.isArray(window)) return bad;
  const { top, around, aroundCount, ...rest } = window as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return bad;
  const count = (value: unknown, max: number) =>
    value === undefined ||
    (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max);
  if (!count(top, LIVE_MAX_TOP) || !count(aroundCount, LIVE_MAX_AROUND)) return bad;
  if (
    around !== undefined &&
    !(around === 'me' || (typeof around === 'string' && UUID.test(around)))
  )
    return bad;
  return {
    top: top as number | undefined,
    around: around as string | undefined,
    aroundCount: aroundCount as number | undefined,
  };
}

/**
 * The window a subscriber follows: without one, the top `LIVE_MAX_TOP` (the whole board of any
 * smaller contest, as before windows). A signed-in rep's own row is always part of it.
 */
function resolveWindow(
  window: RequestedWindow,
  principal: Principal,
  contest: LoadedContest,
): WindowSpec {
  const me = principal.kind === 'user' ? principal.userId : null;
  const around = window?.around === 'me' ? me : (window?.around ?? null);
  const self =
    contest.entity.mode === 'individual' && principal.kind === 'user' && principal.role === 'rep'
      ? me
      : null;
  return {
    top: window?.top ?? (around ? 0 : LIVE_MAX_TOP),
    around,
    aroundCount: around ? (window?.aroundCount ?? 5) : 0,
    self: self === around ? null : self,
  };
}

/** engine.io queues packets here while the transport cannot take them (its only backlog). */
function bufferedPackets(socket: LiveSocket): number {
  // `writeBuffer` is engine.io's private queue; there is no public gauge of it.
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}
