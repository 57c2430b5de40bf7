import type { IsoDateTime } from './common';
import type { ParticipantRef } from './contests';

/** A badge of the organisation's catalogue. */
export interface Badge {
  id: string;
  /** Slug, unique in the organisation. */
  key: string;
  name: string;
  description: string;
  /** One emoji shown as the badge's icon. */
  emoji: string;
  /** `#rrggbb`. */
  color: string;
  /** Retired badges stay on past recognitions but can no longer be awarded. */
  retiredAt: IsoDateTime | null;
  createdAt: IsoDateTime;
}

export interface CreateBadgeRequest {
  key: string;
  name: string;
  description?: string;
  emoji: string;
  color: string;
}

export interface UpdateBadgeRequest {
  name?: string;
  description?: string;
  emoji?: string;
  color?: string;
  /** true retires the badge, false brings it back. */
  retired?: boolean;
}

/** Every new organisation starts with these. */
export const DEFAULT_BADGES: ReadonlyArray<
  Omit<CreateBadgeRequest, 'description'> & { description: string }
> = [
  {
    key: 'deal_closer',
    name: 'Deal Closer',
    emoji: '🤝',
    color: '#16a34a',
    description: 'Brought a deal home.',
  },
  {
    key: 'call_machine',
    name: 'Call Machine',
    emoji: '📞',
    color: '#2563eb',
    description: 'Picked up the phone, again and again.',
  },
  {
    key: 'door_opener',
    name: 'Door Opener',
    emoji: '🚪',
    color: '#9333ea',
    description: 'Got a meeting nobody else could.',
  },
  {
    key: 'team_player',
    name: 'Team Player',
    emoji: '🤜',
    color: '#ea580c',
    description: 'Made the people around them better.',
  },
  {
    key: 'rising_star',
    name: 'Rising Star',
    emoji: '🌟',
    color: '#eab308',
    description: 'Growing fast.',
  },
  {
    key: 'goal_crusher',
    name: 'Goal Crusher',
    emoji: '🎯',
    color: '#dc2626',
    description: 'Reached the goal.',
  },
  {
    key: 'trailblazer',
    name: 'Trailblazer',
    emoji: '🚀',
    color: '#0891b2',
    description: 'First to a milestone.',
  },
  {
    key: 'on_fire',
    name: 'On Fire',
    emoji: '🔥',
    color: '#f97316',
    description: 'Kept a streak going.',
  },
  {
    key: 'front_runner',
    name: 'Front Runner',
    emoji: '🏃',
    color: '#0d9488',
    description: 'Took the lead.',
  },
  {
    key: 'podium',
    name: 'Podium',
    emoji: '🏆',
    color: '#ca8a04',
    description: 'Finished a contest on the podium.',
  },
];

/** Automatic achievements a contest can define (SPEC §1: the system celebrates). */
export const ACHIEVEMENT_KINDS = [
  'goal_reached',
  'milestone',
  'streak',
  'new_leader',
  'final_placings',
] as const;
export type AchievementKind = (typeof ACHIEVEMENT_KINDS)[number];

/** The badge each automatic achievement comes with. */
export const ACHIEVEMENT_BADGES: Record<AchievementKind, string> = {
  goal_reached: 'goal_crusher',
  milestone: 'trailblazer',
  streak: 'on_fire',
  new_leader: 'front_runner',
  final_placings: 'podium',
};

/**
 * One achievement of a contest, evaluated from the contest's scores so that it is exact:
 * - `goal_reached`: every participant whose score reaches the contest's `goalPoints`;
 * - `milestone`: the first participant to `units` counted units of `activityType` (only one; ties
 *   by the activity's `occurredAt`);
 * - `streak`: every participant with `days` consecutive local days of at least `minUnitsPerDay`
 *   counted units of `activityType`;
 * - `new_leader`: every participant who at some point led alone (with points);
 * - `final_placings`: when the contest ends, the top three ranks and every rank with a prize.
 */
export interface ContestAchievement {
  kind: AchievementKind;
  activityType?: string | null;
  units?: number | null;
  days?: number | null;
  minUnitsPerDay?: number | null;
}

export const RECOGNITION_KINDS = ['badge', 'kudos', 'achievement'] as const;
export type RecognitionKind = (typeof RECOGNITION_KINDS)[number];

export interface PersonRef {
  id: string;
  name: string;
}

/** An award, kudos or achievement — in the feed, the trophy cases and the audit trail. */
export interface Recognition {
  id: string;
  kind: RecognitionKind;
  /** Null for kudos. */
  badge: Pick<Badge, 'id' | 'key' | 'name' | 'emoji' | 'color'> | null;
  /** For automatic achievements. */
  achievement: { kind: AchievementKind; placing: number | null } | null;
  recipient: ParticipantRef;
  /** Null: awarded by Arena itself (an achievement). */
  awardedBy: PersonRef | null;
  contest: { id: string; name: string } | null;
  message: string;
  prize: string | null;
  createdAt: IsoDateTime;
  retractedAt: IsoDateTime | null;
  retractedBy: PersonRef | null;
  retractionReason: string | null;
}

/**
 * A manager or admin awards a badge (`badgeId`) to a rep or a team, optionally for a contest and
 * with a prize; anyone sends kudos (no badge, no prize) to someone else.
 */
export interface CreateRecognitionRequest {
  recipientUserId?: string;
  recipientTeamId?: string;
  badgeId?: string;
  message: string;
  contestId?: string;
  prize?: string;
}

export interface RetractRecognitionRequest {
  reason: string;
}

/** What a rep has earned, for their trophy case. */
export interface TrophyCase {
  user: PersonRef & { teamId: string | null };
  /** Badges held (not retracted), most recent first. */
  badges: Array<{
    badge: NonNullable<Recognition['badge']>;
    count: number;
    lastAwardedAt: IsoDateTime;
  }>;
  kudosReceived: number;
  /** The latest recognitions received (not retracted), newest first. */
  recent: Recognition[];
}

/** Live: a recognition was awarded or retracted. */
export interface RecognitionEvent {
  change: 'awarded' | 'retracted';
  recognition: Recognition;
}
