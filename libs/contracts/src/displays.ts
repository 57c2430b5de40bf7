import type { IsoDateTime } from './common';
import type { Contest } from './contests';

/** What a TV wall can show for a contest. */
export const DISPLAY_SCREENS = [
  'leaderboard',
  'team_race',
  'ticker',
  'recognition_wall',
  'countdown',
] as const;
export type DisplayScreen = (typeof DISPLAY_SCREENS)[number];

export interface DisplayPlaylistItem {
  contestId: string;
  screen: DisplayScreen;
}

/** A TV wall, as admins see it (never its token). */
export interface Display {
  id: string;
  name: string;
  playlist: DisplayPlaylistItem[];
  /** Seconds each screen stays up. */
  rotationSeconds: number;
  /** The start of its token, to tell displays apart. */
  tokenPrefix: string;
  lastSeenAt: IsoDateTime | null;
  revokedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
}

export interface CreateDisplayRequest {
  name: string;
  playlist: DisplayPlaylistItem[];
  rotationSeconds?: number;
}

export type UpdateDisplayRequest = Partial<CreateDisplayRequest>;

/** The token is shown once: as itself and as the URL to open on the TV (also as a QR code). */
export interface CreatedDisplay {
  display: Display;
  token: string;
  /** Path of the TV page with the token in the fragment (never sent to a server). */
  url: string;
}

/** What a display reads about itself (`GET /api/display`). */
export interface DisplayConfig {
  id: string;
  name: string;
  orgName: string;
  rotationSeconds: number;
  playlist: Array<DisplayPlaylistItem & { contest: Contest }>;
  /** Changes with every release of the web app: a TV reloads itself when it sees a new one. */
  release: string;
}

/** Tokens of displays start with this (API keys with `arena_`, user tokens are JWTs). */
export const DISPLAY_TOKEN_PREFIX = 'arenatv_';
