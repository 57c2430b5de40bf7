import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { createTeam } from '../api/admin-api';
import { useAdminMutation } from '../hooks/use-admin-mutation';
import { useTeams } from '../hooks/use-teams';
import styles from './admin.module.css';

/** Teams of reps; members are set on each person. */
export function TeamsPage() {
  const teams = useTeams();
  const create = useAdminMutation(createTeam, queryKeys.teams());
  const [name, setName] = useState('');
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, ['name']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fieldErrors.validate({});
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };
  return (
    <section className={styles.section} aria-labelledby="teams-title">
      <title>Teams · Arena</title>
      <h2 id="teams-title">Teams</h2>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Add a team">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : (
          <p className={styles.muted}>Put reps in a team from the People page.</p>
        )}
        <TextField
          label="Team name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            fieldErrors.markEdited('name');
          }}
          errors={fieldErrors.errorsFor('name')}
        />
        <Button type="submit" pending={create.isPending}>
          Add team
        </Button>
      </form>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">Teams</caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">Members</th>
            </tr>
          </thead>
          <tbody>
            {(teams.data ?? []).map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td>{team.memberCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
