import type { User } from '@arena/contracts';
import styles from './home-page.module.css';
import { useTeam } from '../hooks/use-team';

type TeamFactProps = {
  user: User;
};

/** The user's team. Reps may not read teams (SPEC §4), so for them only membership is known. */
export function TeamFact({ user }: TeamFactProps) {
  const canReadTeams = user.role !== 'rep';
  const team = useTeam(canReadTeams ? user.teamId : null);

  if (user.teamId === null) {
    return (
      <>
        <span className={styles.value}>No team yet</span>
        <span className={styles.detail}>
          {user.role === 'admin'
            ? 'Create teams and add people to them in Admin.'
            : 'Your admin adds you to a team.'}
        </span>
      </>
    );
  }
  if (!canReadTeams) {
    return (
      <>
        <span className={styles.value}>On a team</span>
        <span className={styles.detail}>Team contests count your points toward it.</span>
      </>
    );
  }
  if (team.data) {
    const others = team.data.memberCount - 1;
    return (
      <>
        <span className={styles.value}>{team.data.name}</span>
        <span className={styles.detail}>
          {others > 0 ? `You and ${others} other${others === 1 ? '' : 's'}` : 'Just you so far'}
        </span>
      </>
    );
  }
  return <span className={styles.detail}>{team.isError ? 'Team unavailable' : 'Loading…'}</span>;
}
