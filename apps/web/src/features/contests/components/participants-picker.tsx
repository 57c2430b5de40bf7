import type { ContestMode, Team, User } from '@arena/contracts';
import type { ErrorsFor } from './contest-designer';
import styles from './contest-designer.module.css';

type ParticipantsPickerProps = {
  mode: ContestMode;
  reps: User[];
  teams: Team[];
  selected: string[];
  onChange: (ids: string[]) => void;
  errorsFor: ErrorsFor;
};

/** Reps (individual) or teams (team mode), as checkboxes with "all" and "none". */
export function ParticipantsPicker({
  mode,
  reps,
  teams,
  selected,
  onChange,
  errorsFor,
}: ParticipantsPickerProps) {
  const options =
    mode === 'team'
      ? teams.map((team) => ({ id: team.id, name: `${team.name} (${team.memberCount})` }))
      : reps.map((rep) => ({ id: rep.id, name: rep.name }));
  const problems = [
    ...errorsFor('participantIds'),
    ...selected.flatMap((_, i) => errorsFor(`participantIds.${i}`)),
  ];
  return (
    <fieldset className={styles.checks}>
      <legend>
        {mode === 'team' ? 'Teams' : 'Reps'} ({selected.length} of {options.length})
      </legend>
      <div className={styles.checkActions}>
        <button
          type="button"
          className={styles.linkButton}
          onClick={() => onChange(options.map((o) => o.id))}
        >
          Select all
        </button>
        <button type="button" className={styles.linkButton} onClick={() => onChange([])}>
          Clear
        </button>
      </div>
      {options.length === 0 ? (
        <p className={styles.muted}>
          {mode === 'team'
            ? 'No teams yet: create them under Admin.'
            : 'No reps yet: add them under Admin.'}
        </p>
      ) : null}
      <div className={styles.checkGrid}>
        {options.map((option) => (
          <label key={option.id}>
            <input
              type="checkbox"
              checked={selected.includes(option.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, option.id]
                    : selected.filter((id) => id !== option.id),
                )
              }
            />{' '}
            {option.name}
          </label>
        ))}
      </div>
      {problems.map((message) => (
        <p key={message} className={styles.error} role="alert">
          {message}
        </p>
      ))}
    </fieldset>
  );
}
