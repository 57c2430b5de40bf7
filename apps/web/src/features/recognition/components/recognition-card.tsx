import type { Recognition } from '@arena/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { useSignedInUser } from '../../auth/hooks/use-signed-in-user';
import { retractRecognition } from '../api/recognition-api';
import styles from './recognition.module.css';

type RecognitionCardProps = {
  recognition: Recognition;
};

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One award, kudos or achievement in the feed; whoever gave it (or an admin) may retract it. */
export function RecognitionCard({ recognition }: RecognitionCardProps) {
  const { user } = useSignedInUser();
  const queryClient = useQueryClient();
  const [retracting, setRetracting] = useState(false);
  const [reason, setReason] = useState('');
  const retract = useMutation({
    mutationFn: (why: string) => retractRecognition(recognition.id, { reason: why }),
    onSuccess: () => {
      setRetracting(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.recognitions() });
    },
  });
  const fieldErrors = useFieldErrors(retract.error);
  const retracted = recognition.retractedAt !== null;
  const mayRetract = !retracted && (user.role === 'admin' || recognition.awardedBy?.id === user.id);
  const { badge, recipient } = recognition;
  const title = badge ? `${badge.name}` : recognition.kind === 'kudos' ? 'Kudos' : 'Achievement';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fieldErrors.validate({ reason: reason.trim() ? null : 'Say why it is retracted.' }))
      retract.mutate(reason.trim());
  };
  return (
    <article
      className={[styles.card, retracted ? styles.retracted : undefined].filter(Boolean).join(' ')}
      aria-label={`${title} for ${recipient.name}`}
      data-recognition={recognition.id}
    >
      <span
        className={styles.cardIcon}
        style={{ borderColor: badge?.color ?? 'var(--color-border-strong)' }}
        aria-hidden="true"
      >
        {badge?.emoji ?? '👏'}
      </span>
      <div className={styles.cardBody}>
        <p className={styles.cardTitle}>
          <strong>{title}</strong> for{' '}
          {recipient.kind === 'user' ? (
            <Link to={`/recognition/people/${recipient.id}`}>{recipient.name}</Link>
          ) : (
            <span>{recipient.name} (team)</span>
          )}
        </p>
        {recognition.message ? <p className={styles.message}>“{recognition.message}”</p> : null}
        <p className={styles.meta}>
          {recognition.awardedBy ? `From ${recognition.awardedBy.name}` : 'Awarded by Arena'}
          {recognition.contest ? ` · ${recognition.contest.name}` : ''}
          {recognition.prize ? ` · Prize: ${recognition.prize}` : ''} ·{' '}
          <time dateTime={recognition.createdAt}>
            {timeFormat.format(new Date(recognition.createdAt))}
          </time>
        </p>
        {retracted ? (
          <p className={styles.retractedNote}>
            Retracted{recognition.retractedBy ? ` by ${recognition.retractedBy.name}` : ''}
            {recognition.retractionReason ? `: ${recognition.retractionReason}` : ''}
          </p>
        ) : null}
        {mayRetract && !retracting ? (
          <Button variant="ghost" size="small" onClick={() => setRetracting(true)}>
            Retract
          </Button>
        ) : null}
        {retracting ? (
          <form className={styles.retractForm} onSubmit={submit} noValidate aria-label="Retract">
            {retract.error ? (
              <FormMessage tone="error">{formErrorMessage(retract.error, ['reason'])}</FormMessage>
            ) : null}
            <TextField
              label="Reason for retracting"
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                fieldErrors.markEdited('reason');
              }}
              errors={fieldErrors.errorsFor('reason')}
            />
            <div className={styles.actions}>
              <Button type="submit" size="small" pending={retract.isPending}>
                Retract
              </Button>
              <Button variant="secondary" size="small" onClick={() => setRetracting(false)}>
                Keep it
              </Button>
            </div>
          </form>
        ) : null}
      </div>
    </article>
  );
}
