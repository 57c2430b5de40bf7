import type {
  Assessment,
  AssessmentPhase,
  Behaviour,
  UpsertAssessmentRequest,
} from '@arena/contracts';

/** The form's state: per behaviour id, the rating (null until chosen) and the note. */
export type RatingsDraft = Record<string, { rating: number | null; note: string }>;

/** A draft for the active behaviours, filled from the stored assessment of that phase if any. */
export function draftFrom(behaviours: readonly Behaviour[], stored?: Assessment): RatingsDraft {
  const byBehaviour = new Map(stored?.ratings.map((rating) => [rating.behaviourId, rating]));
  return Object.fromEntries(
    behaviours
      .filter((behaviour) => behaviour.retiredAt === null)
      .map((behaviour) => {
        const rating = byBehaviour.get(behaviour.id);
        return [behaviour.id, { rating: rating?.rating ?? null, note: rating?.note ?? '' }];
      }),
  );
}

/** The behaviours still to rate, by id. */
export function unrated(draft: RatingsDraft): string[] {
  return Object.entries(draft)
    .filter(([, value]) => value.rating === null)
    .map(([id]) => id);
}

/** The upsert request, one rating per behaviour in the draft's order; empty notes left out. */
export function toAssessmentRequest(
  userId: string,
  contestId: string,
  phase: AssessmentPhase,
  draft: RatingsDraft,
): UpsertAssessmentRequest {
  return {
    userId,
    contestId,
    phase,
    ratings: Object.entries(draft).map(([behaviourId, value]) => ({
      behaviourId,
      rating: value.rating ?? 0,
      ...(value.note.trim() ? { note: value.note.trim() } : {}),
    })),
  };
}
