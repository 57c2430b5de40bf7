import { sessionStore } from './session-store';

describe('sessionStore', () => {
  it('keeps the token in localStorage so a session survives a reload', () => {
    sessionStore.start('token-abc');

    expect(Object.values({ ...window.localStorage })).toContain('token-abc');
    expect(sessionStore.getSnapshot()).toEqual({ token: 'token-abc', endedReason: null });

    sessionStore.end('signed-out');
    expect(window.localStorage.length).toBe(0);
    expect(sessionStore.getSnapshot()).toEqual({ token: null, endedReason: 'signed-out' });
  });

  it('notifies subscribers only when the session changes', () => {
    const listener = vi.fn();
    const unsubscribe = sessionStore.subscribe(listener);

    sessionStore.start('token-abc');
    sessionStore.start('token-abc');
    sessionStore.end('expired');
    unsubscribe();
    sessionStore.start('token-def');

    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('follows a sign-out in another tab', () => {
    sessionStore.start('token-abc');
    const unsubscribe = sessionStore.subscribe(() => undefined);

    window.localStorage.clear();
    window.dispatchEvent(new StorageEvent('storage', { key: null }));
    unsubscribe();

    expect(sessionStore.getSnapshot()).toEqual({ token: null, endedReason: 'signed-out' });
  });
});
