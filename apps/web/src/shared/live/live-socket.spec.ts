import { vi } from 'vitest';
import { sessionStore } from '../api/session-store';
import {
  endSessionWhenRefused,
  listen,
  liveSocket,
  reconnectDelayMs,
  type LiveSocket,
} from './live-socket';

type Listener = (...args: unknown[]) => void;

class Emitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
  count(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
}

/** socket.io-client's socket as far as the module uses it: the test plays the server. */
class FakeIoSocket extends Emitter {
  readonly io = new Emitter();
  connected = false;
  /** socket.io's "will reconnect by itself". */
  active = true;
  connects = 0;
  disconnects = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  connect() {
    this.connects += 1;
    this.active = true;
    return this;
  }
  disconnect() {
    this.disconnects += 1;
    this.active = false;
    this.connected = false;
    return this;
  }
  /** The server refuses the handshake: socket.io stops trying. */
  refuse(data?: unknown) {
    this.active = false;
    this.fire('connect_error', Object.assign(new Error('refused'), { data }));
  }
  /** The server ends the connection on purpose: socket.io does not reconnect. */
  endedByServer() {
    this.connected = false;
    this.active = false;
    this.fire('disconnect', 'io server disconnect');
  }
  opened() {
    this.connected = true;
    this.fire('connect');
  }
}

const opened = vi.hoisted(() => [] as unknown[]);
vi.mock('socket.io-client', () => ({
  io: (_path: string, options: Record<string, unknown>) => {
    const socket = new FakeIoSocket(options);
    opened.push(socket);
    return socket;
  },
}));

const fake = (socket: LiveSocket) => socket as unknown as FakeIoSocket;
/** Lets pending promise callbacks (the revoked probe) run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('endSessionWhenRefused', () => {
  it('ends the session when the live handshake says it ended', () => {
    sessionStore.start('token-1');

    endSessionWhenRefused('token-1', { code: 'session_ended' });

    expect(sessionStore.getSnapshot()).toEqual({ token: null, endedReason: 'expired' });
  });

  it('ends the session when the handshake refuses the token as not valid at all', () => {
    sessionStore.start('token-3');

    endSessionWhenRefused('token-3', { code: 'unauthenticated' });

    expect(sessionStore.getSnapshot().token).toBeNull();
  });

  it('keeps it for a budget refusal, or when a newer token has replaced the refused one', () => {
    sessionStore.start('token-2');
    endSessionWhenRefused('token-2', { code: 'rate_limited', retryAfterMs: 500 });
    endSessionWhenRefused('token-2', undefined);
    endSessionWhenRefused('token-old', { code: 'session_ended' });

    expect(sessionStore.getSnapshot().token).toBe('token-2');
  });
});

describe('liveSocket', () => {
  beforeEach(() => {
    opened.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shares one connection per token and closes it when the last borrower gives it back', () => {
    const first = liveSocket.acquire('session-a');
    const second = liveSocket.acquire('session-a');
    expect(second).toBe(first);
    expect(opened).toHaveLength(1);
    expect(fake(first).options).toMatchObject({ auth: { token: 'session-a' } });

    liveSocket.release(first);
    expect(fake(first).disconnects).toBe(0);
    liveSocket.release(second);
    expect(fake(first).disconnects).toBe(1);
  });

  it("closes the old session's connection for a new session token, but not a display's", () => {
    const display = liveSocket.acquire('display-1', { credential: 'display' });
    const old = liveSocket.acquire('session-old');
    const next = liveSocket.acquire('session-new');

    expect(next).not.toBe(old);
    expect(fake(old).disconnects).toBe(1);
    expect(fake(display).disconnects).toBe(0);
    for (const socket of [display, next]) liveSocket.release(socket);
  });

  it('removes exactly the listeners it added', () => {
    const socket = liveSocket.acquire('session-b');
    const others = fake(socket).count('connect_error');
    const onBoard = vi.fn();
    const stop = listen(socket, { leaderboard: onBoard, connect_error: vi.fn() });
    expect(fake(socket).count('connect_error')).toBe(others + 1);

    stop();
    fake(socket).fire('leaderboard', { contestId: 'c1' });
    expect(onBoard).not.toHaveBeenCalled();
    // The module's own listeners (and other borrowers') stay.
    expect(fake(socket).count('connect_error')).toBe(others);
    liveSocket.release(socket);
  });

  it('grows the reconnect delay to 30 s, jittered between half and all of it', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(500);
    expect(reconnectDelayMs(0, () => 1)).toBe(1000);
    expect(reconnectDelayMs(3, () => 1)).toBe(8000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(20, () => 0)).toBe(15_000);
  });

  describe('for a display token', () => {
    it('never touches the session, and retries a refused handshake for ever with backoff', async () => {
      sessionStore.start('someone-signed-in');
      const isRevoked = vi.fn(async () => false);
      const socket = fake(liveSocket.acquire('display-2', { credential: 'display', isRevoked }));
      expect(socket.options).toMatchObject({ auth: { token: 'display-2' } });

      for (let attempt = 0; attempt < 12; attempt += 1) {
        socket.refuse({ code: 'unauthenticated' });
        await settle();
        expect(isRevoked).toHaveBeenCalledTimes(attempt + 1);
        // Not before the shortest delay of this attempt, and at the latest after the longest.
        const longest = Math.min(30_000, 1000 * 2 ** attempt);
        await vi.advanceTimersByTimeAsync(longest / 2 - 1);
        expect(socket.connects).toBe(attempt);
        await vi.advanceTimersByTimeAsync(longest / 2 + 1);
        expect(socket.connects).toBe(attempt + 1);
      }
      expect(sessionStore.getSnapshot().token).toBe('someone-signed-in');

      // Connected again: the backoff starts over.
      socket.opened();
      socket.refuse();
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
      expect(socket.connects).toBe(13);
      liveSocket.release(socket as unknown as LiveSocket);
    });

    it('waits at least as long as a budget refusal asks', async () => {
      const socket = fake(liveSocket.acquire('display-3', { credential: 'display' }));
      socket.refuse({ code: 'rate_limited', retryAfterMs: 5000 });
      await settle();
      await vi.advanceTimersByTimeAsync(4999);
      expect(socket.connects).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(socket.connects).toBe(1);
      liveSocket.release(socket as unknown as LiveSocket);
    });

    it('reconnects after the server ended the connection, once the display is known to exist', async () => {
      const isRevoked = vi.fn(async () => false);
      const socket = fake(liveSocket.acquire('display-4', { credential: 'display', isRevoked }));
      socket.opened();
      socket.endedByServer();
      await settle();
      expect(isRevoked).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(socket.connects).toBe(1);
      // A disconnect of its own (a borrower closing it) is not retried.
      socket.fire('disconnect', 'io client disconnect');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(socket.connects).toBe(1);
      liveSocket.release(socket as unknown as LiveSocket);
    });

    it('stops for good and closes when the probe says revoked, on a refusal or while away', async () => {
      let revoked = false;
      const isRevoked = vi.fn(async () => revoked);
      const socket = fake(liveSocket.acquire('display-5', { credential: 'display', isRevoked }));
      // While the server is away, every attempt of socket.io's own asks too.
      socket.io.fire('reconnect_attempt', 1);
      await settle();
      expect(socket.disconnects).toBe(0);
      revoked = true;
      socket.io.fire('reconnect_attempt', 2);
      await settle();
      expect(socket.disconnects).toBe(1);
      socket.refuse();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(socket.connects).toBe(0);
      expect(isRevoked).toHaveBeenCalledTimes(2);
      // A wall opened again with that token gets a fresh connection, not the closed one.
      const again = liveSocket.acquire('display-5', { credential: 'display', isRevoked });
      expect(again).not.toBe(socket);
      liveSocket.release(socket as unknown as LiveSocket);
      liveSocket.release(again);
    });

    it('keeps trying when the probe itself fails (the server is away)', async () => {
      const isRevoked = vi.fn(async () => {
        throw new Error('unreachable');
      });
      const socket = fake(liveSocket.acquire('display-6', { credential: 'display', isRevoked }));
      socket.refuse();
      await settle();
      await vi.advanceTimersByTimeAsync(1000);
      expect(socket.connects).toBe(1);
      liveSocket.release(socket as unknown as LiveSocket);
    });
  });
});
