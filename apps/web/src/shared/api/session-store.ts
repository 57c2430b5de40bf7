/** Why the last session ended; the sign-in page tells the user when it was not their choice. */
export type SessionEndReason = 'signed-out' | 'expired';

export type SessionSnapshot = {
  token: string | null;
  endedReason: SessionEndReason | null;
};

type Listener = () => void;

const TOKEN_KEY = 'arena.accessToken';

function readToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled (private mode, strict settings): the session then lasts one page.
    return null;
  }
}

function writeToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(TOKEN_KEY);
    else window.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // See readToken: keep working in memory.
  }
}

let snapshot: SessionSnapshot = { token: readToken(), endedReason: null };
const listeners = new Set<Listener>();

function publish(next: SessionSnapshot): void {
  if (next.token === snapshot.token && next.endedReason === snapshot.endedReason) return;
  snapshot = next;
  listeners.forEach((listener) => listener());
}

/** Another tab signed in or out: follow it, so two tabs never disagree about who is signed in. */
function onStorage(event: StorageEvent): void {
  if (event.key !== TOKEN_KEY && event.key !== null) return;
  const token = readToken();
  publish({ token, endedReason: token === null ? 'signed-out' : null });
}

/**
 * The access token, kept in localStorage so a session survives a reload. A tiny external store
 * (for `useSyncExternalStore`) because the API client, outside React, ends expired sessions.
 */
export const sessionStore = {
  getSnapshot(): SessionSnapshot {
    return snapshot;
  },

  getToken(): string | null {
    return snapshot.token;
  },

  subscribe(listener: Listener): () => void {
    if (listeners.size === 0) window.addEventListener('storage', onStorage);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) window.removeEventListener('storage', onStorage);
    };
  },

  start(token: string): void {
    writeToken(token);
    publish({ token, endedReason: null });
  },

  end(reason: SessionEndReason): void {
    writeToken(null);
    publish({ token: null, endedReason: reason });
  },
};
