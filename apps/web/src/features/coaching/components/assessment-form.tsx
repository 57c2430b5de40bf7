import { ASSESSMENT_PHASES, type AssessmentPhase } from '@arena/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { fetchAssessments, upsertAssessment } from '../api/coaching-api';
import {
  draftFrom,
  toAssessmentRequest,
  unrated,
  type RatingsDraft,
} from '../hooks/assessment-form';
import { useBehaviours } from '../hooks/use-behaviours';
import styles from './coaching.module.css';

type AssessmentFormProps = {
  userId: string;
  contestId: string;
};

const PHASE_LABELS: Record<AssessmentPhase, string> = {
  start: 'Start of the contest',
  end: 'End of the contest',
};

const RATING_LABELS = ['', 'Poor', 'Weak', 'Fair', 'Good', 'Excellent'];

/** Rate every active behaviour 1–5 with a note, at the start or the end; saving replaces it. */
export function AssessmentForm({ userId, contestId }: AssessmentFormProps) {
  const queryClient = useQueryClient();
  const behaviours = useBehaviours();
  const assessments = useQuery({
    queryKey: queryKeys.assessments(userId, contestId),
    queryFn: ({ signal }) => fetchAssessments(userId, contestId, signal),
  });
  const [phase, setPhase] = useState<AssessmentPhase>('start');
  if (!behaviours.data || !assessments.data) return <p>Loading the assessment…</p>;
  const stored = assessments.data.find((assessment) => assessment.phase === phase);
  return (
    <div className={styles.panel}>
      <fieldset className={styles.phases}>
        <legend>Assessment</legend>
        {ASSESSMENT_PHASES.map((option) => (
          <label key={option} className={styles.pill}>
            <input
              type="radio"
              name="phase"
              checked={phase === option}
              onChange={() => setPhase(option)}
            />
            {PHASE_LABELS[option]}
            {assessments.data.some((a) => a.phase === option) ? ' ✓' : ''}
          </label>
        ))}
      </fieldset>
      <RatingsForm
        key={`${phase}:${stored?.updatedAt ?? 'new'}`}
        initial={draftFrom(behaviours.data, stored)}
        names={Object.fromEntries(behaviours.data.map((b) => [b.id, b]))}
        phase={phase}
        onSaved={() => {
          void queryClient.invalidateQueries({
            queryKey: queryKeys.assessments(userId, contestId),
          });
          void queryClient.invalidateQueries({
            queryKey: queryKeys.comparison(userId, contestId),
          });
        }}
        save={(draft) => upsertAssessment(toAssessmentRequest(userId, contestId, phase, draft))}
      />
    </div>
  );
}

type RatingsFormProps = {
  initial: RatingsDraft;
  names: Record<string, { name: string; description: string }>;
  phase: AssessmentPhase;
  save: (draft: RatingsDraft) => Promise<unknown>;
  onSaved: () => void;
};

function RatingsForm({ initial, names, phase, save, onSaved }: RatingsFormProps) {
  const [draft, setDraft] = useState(initial);
  const [missing, setMissing] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: () => {
      setSaved(true);
      onSaved();
    },
  });
  const ids = Object.keys(draft);
  const serverErrors = (index: number) =>
    mutation.error instanceof ApiRequestError
      ? [
          ...mutation.error.fieldMessages(`ratings.${index}.rating`),
          ...mutation.error.fieldMessages(`ratings.${index}.note`),
          ...mutation.error.fieldMessages(`ratings.${index}.behaviourId`),
        ]
      : [];
  const message = formErrorMessage(
    mutation.error,
    ids.flatMap((_, i) => [`ratings.${i}.rating`, `ratings.${i}.note`, `ratings.${i}.behaviourId`]),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const left = unrated(draft);
    setMissing(left);
    if (left.length === 0) mutation.mutate(draft);
  };
  const update = (id: string, change: Partial<RatingsDraft[string]>) => {
    setDraft((d) => ({ ...d, [id]: { ...d[id], ...change } }));
    setMissing((m) => m.filter((x) => x !== id));
    setSaved(false);
  };
  if (ids.length === 0) return <p>No behaviours to rate: add some below.</p>;
  return (
    <form
      className={styles.ratings}
      onSubmit={submit}
      noValidate
      aria-label={`${phase} assessment`}
    >
      {message ? <FormMessage tone="error">{message}</FormMessage> : null}
      {missing.length > 0 ? (
        <FormMessage tone="error">Rate every behaviour before saving.</FormMessage>
      ) : null}
      {ids.map((id, index) => {
        const errors = [
          ...(missing.includes(id) ? ['Choose a rating.'] : []),
          ...serverErrors(index),
        ];
        return (
          <fieldset
            key={id}
            className={styles.behaviour}
            aria-invalid={errors.length > 0 || undefined}
            aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
          >
            <legend className={styles.behaviourName}>{names[id]?.name ?? id}</legend>
            {names[id]?.description ? (
              <p className={styles.muted}>{names[id].description}</p>
            ) : null}
            <div className={styles.scale}>
              {[1, 2, 3, 4, 5].map((value) => (
                <label key={value} className={styles.score} title={RATING_LABELS[value]}>
                  <input
                    type="radio"
                    name={`rating-${id}`}
                    value={value}
                    checked={draft[id].rating === value}
                    onChange={() => update(id, { rating: value })}
                    aria-label={`${value} – ${RATING_LABELS[value]}`}
                  />
                  <span aria-hidden="true">{value}</span>
                </label>
              ))}
            </div>
            <label className={styles.noteLabel}>
              Note
              <input
                className={styles.note}
                value={draft[id].note}
                maxLength={1000}
                onChange={(e) => update(id, { note: e.target.value })}
                placeholder="What went well, what to work on"
              />
            </label>
            {errors.length > 0 ? (
              <p id={`${id}-error`} className={styles.error}>
                {errors.join(' ')}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      <div className={styles.actions}>
        <Button type="submit" pending={mutation.isPending}>
          Save {phase} assessment
        </Button>
        {saved ? <span role="status">Saved.</span> : null}
      </div>
    </form>
  );
}
