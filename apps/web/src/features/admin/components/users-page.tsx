import { ROLES, type Role, type UpdateUserRequest } from '@arena/contracts';
import { useState, type FormEvent } from 'react';
import { formErrorMessage } from '../../../shared/api/form-error-message';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { FormMessage } from '../../../shared/ui/form-message';
import { roleLabel } from '../../../shared/ui/role-label';
import { SelectField } from '../../../shared/ui/select-field';
import { TextField } from '../../../shared/ui/text-field';
import { useFieldErrors } from '../../../shared/ui/use-field-errors';
import { createUser, updateUser } from '../api/admin-api';
import { useAdminMutation } from '../hooks/use-admin-mutation';
import { useTeams } from '../hooks/use-teams';
import { useUsers } from '../hooks/use-users';
import styles from './admin.module.css';

const FIELDS = ['name', 'email', 'role', 'password', 'teamId'] as const;

/**
 * Add people, move them between teams, deactivate them (users are never deleted), and say who
 * competes: reps do by default; a manager who also sells (a player-coach) can be turned on.
 */
export function UsersPage() {
  const users = useUsers();
  const teams = useTeams();
  const create = useAdminMutation(createUser, queryKeys.users());
  const change = useAdminMutation(
    ({ id, body }: { id: string; body: UpdateUserRequest }) => updateUser(id, body),
    queryKeys.users(),
  );
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const [password, setPassword] = useState('');
  const [teamId, setTeamId] = useState('');
  const fieldErrors = useFieldErrors(create.error);
  const message = formErrorMessage(create.error, FIELDS);
  const teamName = new Map((teams.data ?? []).map((team) => [team.id, team.name]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    fieldErrors.validate({});
    create.mutate(
      { name: name.trim(), email: email.trim(), role, password, teamId: teamId || null },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
          setPassword('');
        },
      },
    );
  };
  const edit = (field: string, apply: () => void) => {
    apply();
    fieldErrors.markEdited(field);
  };

  return (
    <section className={styles.section} aria-labelledby="users-title">
      <title>People · Arena</title>
      <h2 id="users-title">People</h2>
      <form className={styles.form} onSubmit={submit} noValidate aria-label="Add a person">
        {message ? (
          <FormMessage tone="error">{message}</FormMessage>
        ) : create.isSuccess ? (
          <FormMessage tone="info">{create.data.name} can now sign in.</FormMessage>
        ) : (
          <p className={styles.muted}>Add a person: they sign in with this email and password.</p>
        )}
        <TextField
          label="Name"
          value={name}
          onChange={(e) => edit('name', () => setName(e.target.value))}
          errors={fieldErrors.errorsFor('name')}
        />
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={(e) => edit('email', () => setEmail(e.target.value))}
          errors={fieldErrors.errorsFor('email')}
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => edit('role', () => setRole(e.target.value as Role))}
          errors={fieldErrors.errorsFor('role')}
        >
          {ROLES.map((option) => (
            <option key={option} value={option}>
              {roleLabel(option)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Team"
          value={teamId}
          onChange={(e) => edit('teamId', () => setTeamId(e.target.value))}
          errors={fieldErrors.errorsFor('teamId')}
        >
          <option value="">No team</option>
          {(teams.data ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => edit('password', () => setPassword(e.target.value))}
          errors={fieldErrors.errorsFor('password')}
        />
        <Button type="submit" pending={create.isPending}>
          Add person
        </Button>
      </form>
      {users.error ? <p role="alert">{users.error.message}</p> : null}
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className="visually-hidden">People in the organisation</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Team</th>
              <th scope="col">Competes</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.items ?? []).map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>{roleLabel(user.role)}</td>
                <td>{user.teamId ? (teamName.get(user.teamId) ?? '…') : '–'}</td>
                <td>
                  <Button
                    variant="ghost"
                    size="small"
                    onClick={() =>
                      change.mutate({ id: user.id, body: { competes: !user.competes } })
                    }
                    aria-pressed={user.competes}
                    aria-label={`${user.name} competes in contests`}
                  >
                    {user.competes ? 'Yes' : 'No'}
                  </Button>
                </td>
                <td>
                  <Button
                    variant="ghost"
                    size="small"
                    onClick={() => change.mutate({ id: user.id, body: { active: !user.active } })}
                    aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.name}`}
                  >
                    {user.active ? 'Active · deactivate' : 'Inactive · reactivate'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
