import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { createBehaviour, updateBehaviour } from '../api/coaching-api';
import { useBehaviours } from '../hooks/use-behaviours';
import styles from './coaching.module.css';

/** The behaviours reps are rated on: add one, retire one (past ratings keep it), restore it. */
export function BehavioursAdmin() {
  const queryClient = useQueryClient();
  const behaviours = useBehaviours();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.behaviours() });
  const create = useMutation({ mutationFn: createBehaviour, onSuccess: refresh });
  const update = useMutation({ mutationFn: updateBehaviour, onSuccess: refresh });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, ['name', 'description']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!fieldErrors.validate({ name: name.trim() ? null : 'Name the behaviour.' })) return;
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: () => {
          setName('');
          setDescription('');
        },
      },
    );
  };
  return (
    <details className={styles.panel}>
      <summary className={styles.summary}>Behaviours ({behaviours.data?.length ?? 0})</summary>
      <form
        className={styles.behaviourForm}
        onSubmit={submit}
        noValidate
        aria-label="Add a behaviour"
      >
        {message ? <FormMessage tone="error">{message}</FormMessage> : null}
        <TextField
          label="Behaviour"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            fieldErrors.markEdited('name');
          }}
          errors={fieldErrors.errorsFor('name')}
        />
        <TextField
          label="What good looks like"
          value={description}
          onChange={(e) => {
            setDescription(e.target.value);
            fieldErrors.markEdited('description');
          }}
          errors={fieldErrors.errorsFor('description')}
        />
        <Button type="submit" pending={create.isPending}>
          Add behaviour
        </Button>
      </form>
      {update.error ? <FormMessage tone="error">{update.error.message}</FormMessage> : null}
      <ul className={styles.notes}>
        {(behaviours.data ?? []).map((behaviour) => (
          <li key={behaviour.id} className={styles.behaviourRow}>
            <span>
              <strong>{behaviour.name}</strong>
              {behaviour.retiredAt ? <span className={styles.muted}> (retired)</span> : null}
            </span>
            <Button
              variant="ghost"
              size="small"
              onClick={() =>
                update.mutate({ id: behaviour.id, body: { retired: !behaviour.retiredAt } })
              }
              aria-label={`${behaviour.retiredAt ? 'Restore' : 'Retire'} ${behaviour.name}`}
            >
              {behaviour.retiredAt ? 'Restore' : 'Retire'}
            </Button>
          </li>
        ))}
      </ul>
    </details>
  );
}
