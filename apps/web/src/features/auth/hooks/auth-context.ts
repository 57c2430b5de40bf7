import { createContext } from 'react';
import type { SessionEndReason } from '../../../shared/api/session-store';

export type AuthContextValue = {
  /** The access token, or null when signed out. */
  token: string | null;
  /** Why the last session ended, so the sign-in page can say "your session expired". */
  endedReason: SessionEndReason | null;
  signIn: (accessToken: string) => void;
  /** Signs this device out (the server revokes its token). */
  signOut: () => void;
  /** Signs out every device of this user. */
  signOutEverywhere: () => void;
};

export const AuthContext = createContext<AuthContextValue | null>(null);
