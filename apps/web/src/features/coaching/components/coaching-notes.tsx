import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FieldDescription } from '../../../shared/ui/field-description';
import fieldStyles from '../../../shared/ui/field.module.css';
import { FormMessage } from '../../../shared/ui/form-message';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { createCoachingNote, fetchCoachingNotes } from '../api/coaching-api';
import styles from './coaching.module.css';

type CoachingNotesProps = {
  userId: string;
  canWrite: boolean;
};

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Notes on each coaching conversation with a rep, newest first. */
export function CoachingNotes({ userId, canWrite }: CoachingNotesProps) {
  const queryClient = useQueryClient();
  const notes = useQuery({
    queryKey: queryKeys.coachingNotes(userId),
    queryFn: ({ signal }) => fetchCoachingNotes(userId, signal),
  });
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: createCoachingNote,
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.coachingNotes(userId) });
    },
  });
  const fieldErrors = useFieldErrors(add.error);
  const message = formErrorMessage(add.error, ['body']);
  const id = useId();
  const errors = fieldErrors.errorsFor('body');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fieldErrors.validate({ body: body.trim() ? null : 'Write the note first.' }))
      add.mutate({ userId, body: body.trim() });
  };
  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Coaching notes</h2>
      {canWrite ? (
        <form className={styles.noteForm} onSubmit={submit} noValidate aria-label="Add a note">
          {message ? <FormMessage tone="error">{message}</FormMessage> : null}
          <div className={fieldStyles.field}>
            <label htmlFor={id} className={fieldStyles.label}>
              New note
            </label>
            <textarea
              id={id}
              className={fieldStyles.control}
              rows={3}
              value={body}
              onChange={(e) => {
                setBody(e.target.value);
                fieldErrors.markEdited('body');
              }}
              aria-invalid={errors.length > 0 || undefined}
              aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
            />
            <FieldDescription hintId="" errorId={`${id}-error`} errors={errors} />
          </div>
          <Button type="submit" pending={add.isPending}>
            Add note
          </Button>
        </form>
      ) : null}
      {notes.error ? <p role="alert">{notes.error.message}</p> : null}
      {notes.data && notes.data.length === 0 ? <p className={styles.muted}>No notes yet.</p> : null}
      <ul className={styles.notes}>
        {(notes.data ?? []).map((note) => (
          <li key={note.id} className={styles.noteItem}>
            <p>{note.body}</p>
            <p className={styles.muted}>
              {note.author?.name ?? 'Someone who has left'} ·{' '}
              <time dateTime={note.createdAt}>{timeFormat.format(new Date(note.createdAt))}</time>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
