import type { IsoDateTime } from './common';
import type { ContestAchievement } from './recognition';

export const CONTEST_MODES = ['individual', 'team'] as const;
export type ContestMode = (typeof CONTEST_MODES)[number];

export const TEAM_AGGREGATIONS = ['sum', 'average'] as const;
export type TeamAggregation = (typeof TEAM_AGGREGATIONS)[number];

/**
 * Who takes part in an individual contest: the `listed` reps (participantIds), `all` — every
 * competing rep of the organisation, now and as they join or leave — or every member of the
 * listed `teams` (participantIds are team ids), as teams change. Team contests list teams.
 */
export const PARTICIPANT_SCOPES = ['listed', 'all', 'teams'] as const;
export type ParticipantScope = (typeof PARTICIPANT_SCOPES)[number];

export const CONTEST_STATUSES = ['draft', 'scheduled', 'live', 'ended', 'archived'] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

export interface ContestRule {
  /** Activity-type key. */
  activityType: string;
  pointsPerUnit: number;
  /** Units counted per rep per local day (contest time zone). */
  dailyCap?: number | null;
  /** Units counted per rep over the contest. */
  totalCap?: number | null;
}

/** A "power hour": activities in `[startsAt, endsAt)` of the listed types (all when absent) count `factor` times. */
export interface ContestMultiplier {
  startsAt: IsoDateTime;
  endsAt: IsoDateTime;
  factor: number;
  activityTypes?: string[] | null;
}

export interface ContestPrize {
  rank: number;
  description: string;
}

export interface ContestDefinition {
  name: string;
  description?: string;
  startsAt: IsoDateTime;
  /** Exclusive. */
  endsAt: IsoDateTime;
  /** IANA zone; defaults to the organisation's. */
  timezone?: string;
  mode?: ContestMode;
  teamAggregation?: TeamAggregation;
  /** Individual mode: who takes part (default `listed`); team mode: `listed` only. */
  participantScope?: ParticipantScope;
  /**
   * User ids (individual mode, scope `listed`), team ids (team mode, or scope `teams`); empty for
   * scope `all`.
   */
  participantIds: string[];
  rules: ContestRule[];
  multipliers?: ContestMultiplier[];
  goalPoints?: number | null;
  prizes?: ContestPrize[];
  /** Automatic achievements, awarded and retracted as the scores say. */
  achievements?: ContestAchievement[];
}

export type CreateContestRequest = ContestDefinition;
export type UpdateContestRequest = Partial<ContestDefinition>;

export interface Contest {
  id: string;
  name: string;
  description: string;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime;
  timezone: string;
  mode: ContestMode;
  teamAggregation: TeamAggregation;
  participantScope: ParticipantScope;
  participantIds: string[];
  rules: ContestRule[];
  multipliers: ContestMultiplier[];
  goalPoints: number | null;
  prizes: ContestPrize[];
  achievements: ContestAchievement[];
  status: ContestStatus;
  publishedAt: IsoDateTime | null;
  archivedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export type ParticipantKind = 'user' | 'team';

export interface ParticipantRef {
  id: string;
  kind: ParticipantKind;
  name: string;
}

export interface BreakdownLine {
  activityType: string;
  units: number;
  countedUnits: number;
  points: number;
}

export interface LeaderboardEntry {
  rank: number;
  participant: ParticipantRef;
  points: number;
  goalReached: boolean;
  breakdown: BreakdownLine[];
}

/** `GET /api/contests/:id/leaderboard` query: a page, or the entries around one participant. */
export interface LeaderboardQuery {
  limit?: number;
  offset?: number;
  /** A participant id: answers the `aroundCount` entries above it, it, and `aroundCount` below. */
  around?: string;
  aroundCount?: number;
}

export interface Leaderboard {
  contestId: string;
  /** Grows by one per live update (SPEC §5). */
  seq: number;
  entries: LeaderboardEntry[];
  total: number;
}

export interface ExplanationLine {
  activityId: string;
  /** In team mode: the member whose activity it is. */
  userId: string;
  activityType: string;
  quantity: number;
  occurredAt: IsoDateTime;
  countedUnits: number;
  multiplier: number;
  points: number;
}

export interface ParticipantScore {
  participant: ParticipantRef;
  rank: number | null;
  points: number;
  goalReached: boolean;
  breakdown: BreakdownLine[];
  explanation: ExplanationLine[];
}

export interface PreviewContestRequest extends ContestDefinition {
  /** The past period to score the design over. */
  from: IsoDateTime;
  to: IsoDateTime;
}

export interface PreviewLeaderboard {
  from: IsoDateTime;
  to: IsoDateTime;
  activitiesConsidered: number;
  entries: LeaderboardEntry[];
  total: number;
}

export interface ScoreDifference {
  contestId: string;
  userId: string;
  stored: string;
  recomputed: string;
  detail: string;
}

export interface VerifyScoresReport {
  contestsChecked: number;
  participantsChecked: number;
  activitiesChecked: number;
  differences: ScoreDifference[];
}
