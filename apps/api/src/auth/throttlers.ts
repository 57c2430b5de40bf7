/** Sign-in attempts per account and address, and per address over all accounts. */
export const LOGIN_LIMITS = { perAccount: 10, perAddress: 100, windowMs: 60_000 };

/** The window of SIGNUP_RATE_LIMIT: that many sign-ups per client address per 10 minutes. */
export const SIGNUP_WINDOW_MS = 10 * 60_000;

/** Throttler names; a route guarded by ThrottlerGuard skips the ones not meant for it. */
export const THROTTLERS = {
  loginAccount: 'login-account',
  loginAddress: 'login-address',
  signup: 'signup',
} as const;
