import { sessionStore } from '../api/session-store';
import { endSessionWhenRefused } from './live-socket';

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
