import type { IsoDateTime } from './common';
import type { PersonRef } from './recognition';

/** A behaviour managers rate reps on, 1 (poor) to 5 (excellent). */
export interface Behaviour {
  id: string;
  name: string;
  description: string;
  retiredAt: IsoDateTime | null;
}

export interface CreateBehaviourRequest {
  name: string;
  description?: string;
}

export interface UpdateBehaviourRequest {
  name?: string;
  description?: string;
  retired?: boolean;
}

export const DEFAULT_BEHAVIOURS: ReadonlyArray<CreateBehaviourRequest> = [
  {
    name: 'Opens with a clear agenda',
    description: 'States the purpose and the outcome of the call up front.',
  },
  { name: 'Asks discovery questions', description: 'Finds the pain before pitching.' },
  {
    name: 'Handles objections',
    description: 'Acknowledges, explores and answers without arguing.',
  },
  { name: 'Agrees next steps', description: 'Every conversation ends with a dated next step.' },
  { name: 'Keeps the CRM current', description: 'Logs activities and updates deals the same day.' },
];

export const ASSESSMENT_PHASES = ['start', 'end'] as const;
export type AssessmentPhase = (typeof ASSESSMENT_PHASES)[number];

export interface AssessmentRating {
  behaviourId: string;
  /** 1–5. */
  rating: number;
  /** What was done right or wrong. */
  note?: string;
}

/** Rates a rep at the start or the end of a contest; a second one for the same phase replaces it. */
export interface UpsertAssessmentRequest {
  userId: string;
  contestId: string;
  phase: AssessmentPhase;
  ratings: AssessmentRating[];
}

export interface Assessment {
  id: string;
  user: PersonRef;
  contest: PersonRef;
  phase: AssessmentPhase;
  assessedBy: PersonRef | null;
  ratings: Array<Required<AssessmentRating> & { behaviour: string }>;
  updatedAt: IsoDateTime;
}

/** Start and end ratings side by side with the rep's activity and outcome figures of the contest. */
export interface AssessmentComparison {
  user: PersonRef;
  contest: PersonRef & { startsAt: IsoDateTime; endsAt: IsoDateTime };
  behaviours: Array<{
    behaviour: Pick<Behaviour, 'id' | 'name'>;
    start: { rating: number; note: string } | null;
    end: { rating: number; note: string } | null;
    /** end − start, when both exist. */
    change: number | null;
  }>;
  /** Non-voided activities of the rep within the contest's window, per type. */
  figures: Array<{
    activityType: string;
    label: string;
    category: 'activity' | 'outcome';
    count: number;
    quantity: number;
  }>;
}

export interface CreateCoachingNoteRequest {
  userId: string;
  body: string;
}

export interface CoachingNote {
  id: string;
  user: PersonRef;
  author: PersonRef | null;
  body: string;
  createdAt: IsoDateTime;
}

/** `GET /api/insights/activity`: one rep's or one team's activities and outcomes per local day. */
export interface ActivityInsightsQuery {
  userId?: string;
  teamId?: string;
  from: IsoDateTime;
  to: IsoDateTime;
}

export interface ActivityInsights {
  subject: { kind: 'user' | 'team'; id: string; name: string };
  from: IsoDateTime;
  to: IsoDateTime;
  /** Days are calendar days in the organisation's time zone. */
  timezone: string;
  /** Every day of the period, oldest first, zeros included. */
  days: Array<{
    day: string;
    /** Summed quantity of activity-category types (calls, meetings…). */
    activities: number;
    /** Summed quantity of outcome-category types (deals won, revenue…). */
    outcomes: number;
    /** Per activity-type key. */
    byType: Record<string, number>;
  }>;
  /** Per type over the period, with its category. */
  totals: Array<{
    activityType: string;
    label: string;
    category: 'activity' | 'outcome';
    quantity: number;
  }>;
}
