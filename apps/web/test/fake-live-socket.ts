import type { SubscribeAck } from '@arena/contracts';

type Listener = (...args: never[]) => void;

/**
 * Stands in for the socket.io client in component tests: records what the page emits and lets
 * the test push server events, connect and disconnect. (Browser tests use the real server.)
 */
export class FakeLiveSocket {
  connected = true;
  readonly emitted: { event: string; payload: unknown }[] = [];
  /** What the next `subscribe` acks with; the test sets it before the page subscribes. */
  nextAck: (() => SubscribeAck) | null = null;
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

  emit(event: string, payload: unknown, ack?: (result: SubscribeAck | { ok: true }) => void) {
    this.emitted.push({ event, payload });
    if (event === 'subscribe' && this.nextAck) ack?.(this.nextAck());
    else ack?.({ ok: true });
    return this;
  }

  /** The server sends `event`. */
  serverSends(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }

  subscribes(): number {
    return this.emitted.filter((e) => e.event === 'subscribe').length;
  }
}
