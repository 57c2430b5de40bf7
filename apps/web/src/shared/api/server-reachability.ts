export type Reachability = 'reachable' | 'unreachable';

type Listener = () => void;

let current: Reachability = 'reachable';
const listeners = new Set<Listener>();

/**
 * Whether the last request reached the server. The API client reports every answer and every
 * network failure here, so the "server unreachable" banner reacts to any request, not only to
 * the periodic health check.
 */
export const serverReachability = {
  getSnapshot(): Reachability {
    return current;
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  report(next: Reachability): void {
    if (next === current) return;
    current = next;
    listeners.forEach((listener) => listener());
  },
};
