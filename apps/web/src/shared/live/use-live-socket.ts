import { useEffect, useState, useSyncExternalStore } from 'react';
import { sessionStore } from '../api/session-store';
import { liveSocket, type LiveSocket } from './live-socket';

const getToken = () => sessionStore.getToken();

/** The session's live socket while the component is mounted (null when signed out). */
export function useLiveSocket(): LiveSocket | null {
  const token = useSyncExternalStore(sessionStore.subscribe, getToken);
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  useEffect(() => {
    if (!token) return;
    const acquired = liveSocket.acquire(token);
    setSocket(acquired);
    return () => {
      liveSocket.release(acquired);
      setSocket(null);
    };
  }, [token]);
  return socket;
}
