import type { CreateRecognitionRequest, ParticipantRef, Recognition } from '@arena/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiRequestError } from '../../../shared/api/api-request-error';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FieldDescription } from '../../../shared/ui/field-description';
import { FormMessage } from '../../../shared/ui/form-message';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import fieldStyles from '../../../shared/ui/field.module.css';
import { useContests } from '../../contests/hooks/use-contests';
import { createRecognition } from '../api/recognition-api';
import { useBadges } from '../hooks/use-badges';
import styles from './recognition.module.css';

export type AwardKind = 'badge' | 'kudos';

type AwardFormProps = {
  recipient: Pick<ParticipantRef, 'id' | 'kind' | 'name'>;
  kind: AwardKind;
  /** Preselected contest (an award from a contest's leaderboard). */
  contestId?: string;
  onDone: (recognition: Recognition) => void;
};

const FIELDS = ['badgeId', 'message', 'contestId', 'prize', 'recipientUserId', 'recipientTeamId'];

/** The request the form sends: kudos carry a message only; a badge may name a contest and prize. */
export function toRecognitionRequest(
  recipient: AwardFormProps['recipient'],
  kind: AwardKind,
  values: { badgeId: string; message: string; contestId: string; prize: string },
): CreateRecognitionRequest {
  const to =
    recipient.kind === 'team'
      ? { recipientTeamId: recipient.id }
      : { recipientUserId: recipient.id };
  if (kind === 'kudos') return { ...to, message: values.message.trim() };
  return {
    ...to,
    badgeId: values.badgeId,
    message: values.message.trim(),
    ...(values.contestId ? { contestId: values.contestId } : {}),
    ...(values.prize.trim() ? { prize: values.prize.trim() } : {}),
  };
}

/** Award a badge (managers, admins) or send kudos (anyone) to one rep or team. */
export function AwardForm({ recipient, kind, contestId = '', onDone }: AwardFormProps) {
  const queryClient = useQueryClient();
  const badges = useBadges();
  const contests = useContests();
  const [values, setValues] = useState({ badgeId: '', message: '', contestId, prize: '' });
  const award = useMutation({
    mutationFn: createRecognition,
    onSuccess: (recognition) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.recognitions() });
      onDone(recognition);
    },
  });
  const fieldErrors = useFieldErrors(award.error);
  const messageId = useId();
  const rateLimited = award.error instanceof ApiRequestError && award.error.code === 'rate_limited';
  const formMessage = rateLimited
    ? (award.error as ApiRequestError).message
    : formErrorMessage(award.error, FIELDS);
  const active = (badges.data ?? []).filter((badge) => badge.retiredAt === null);
  const set = (field: keyof typeof values, value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    fieldErrors.markEdited(field);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ok = fieldErrors.validate({
      badgeId: kind === 'badge' && !values.badgeId ? 'Choose a badge.' : null,
      message: values.message.trim() ? null : 'Say what it is for.',
    });
    if (ok) award.mutate(toRecognitionRequest(recipient, kind, values));
  };
  const recipientErrors = [
    ...fieldErrors.errorsFor('recipientUserId'),
    ...fieldErrors.errorsFor('recipientTeamId'),
  ];
  const messageErrors = fieldErrors.errorsFor('message');

  return (
    <form
      className={styles.awardForm}
      onSubmit={submit}
      noValidate
      aria-label={`${kind === 'badge' ? 'Award a badge to' : 'Send kudos to'} ${recipient.name}`}
    >
      {formMessage ? <FormMessage tone="error">{formMessage}</FormMessage> : null}
      <p>
        To <strong>{recipient.name}</strong>
        {recipient.kind === 'team' ? ' (team)' : null}
      </p>
      {recipientErrors.length > 0 ? (
        <FieldDescription hintId="" errorId={`${messageId}-recipient`} errors={recipientErrors} />
      ) : null}
      {kind === 'badge' ? (
        <fieldset
          className={styles.badgePicker}
          aria-describedby={
            fieldErrors.errorsFor('badgeId').length ? `${messageId}-badge` : undefined
          }
        >
          <legend className={fieldStyles.label}>Badge</legend>
          <div className={styles.badgeOptions}>
            {active.map((badge) => (
              <label key={badge.id} className={styles.badgeOption}>
                <input
                  type="radio"
                  name="badge"
                  value={badge.id}
                  checked={values.badgeId === badge.id}
                  onChange={() => set('badgeId', badge.id)}
                />
                <span
                  aria-hidden="true"
                  className={styles.badgeEmoji}
                  style={{ borderColor: badge.color }}
                >
                  {badge.emoji}
                </span>
                <span>{badge.name}</span>
              </label>
            ))}
          </div>
          <FieldDescription
            hintId=""
            errorId={`${messageId}-badge`}
            errors={fieldErrors.errorsFor('badgeId')}
          />
        </fieldset>
      ) : null}
      <div className={fieldStyles.field}>
        <label htmlFor={messageId} className={fieldStyles.label}>
          Message
        </label>
        <textarea
          id={messageId}
          className={fieldStyles.control}
          rows={3}
          maxLength={500}
          value={values.message}
          onChange={(e) => set('message', e.target.value)}
          aria-invalid={messageErrors.length > 0 || undefined}
          aria-describedby={messageErrors.length > 0 ? `${messageId}-error` : undefined}
        />
        <FieldDescription hintId="" errorId={`${messageId}-error`} errors={messageErrors} />
      </div>
      {kind === 'badge' ? (
        <>
          <SelectField
            label="Contest (optional)"
            value={values.contestId}
            onChange={(e) => set('contestId', e.target.value)}
            errors={fieldErrors.errorsFor('contestId')}
          >
            <option value="">No contest</option>
            {(contests.data ?? []).map((contest) => (
              <option key={contest.id} value={contest.id}>
                {contest.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label="Prize (optional)"
            value={values.prize}
            onChange={(e) => set('prize', e.target.value)}
            errors={fieldErrors.errorsFor('prize')}
          />
        </>
      ) : null}
      <Button type="submit" pending={award.isPending}>
        {kind === 'badge' ? 'Award badge' : 'Send kudos'}
      </Button>
    </form>
  );
}
