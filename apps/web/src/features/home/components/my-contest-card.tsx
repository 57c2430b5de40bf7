import type { Contest } from '@arena/contracts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { AnimatedNumber } from '../../../shared/ui/animated-number';
import { ProgressBar } from '../../../shared/ui/progress-bar';
import { LogActivityPanel } from '../../activities/components/log-activity-panel';
import { useLogActivity, withPendingPoints } from '../../activities/hooks/use-log-activity';
import { useLiveLeaderboard } from '../../leaderboard/hooks/use-live-leaderboard';
import { myStanding } from '../hooks/my-standing';
import { ScoreExplanation } from './score-explanation';
import styles from './rep-home.module.css';

type MyContestCardProps = {
  contest: Contest;
  userId: string;
  typeLabel: (key: string) => string;
};

const fmt = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** One live contest on the rep's phone: where I stand, log in two taps, why I have my points. */
export function MyContestCard({ contest, userId, typeLabel }: MyContestCardProps) {
  const live = useLiveLeaderboard(contest.id);
  const logging = useLogActivity(contest.id);
  const [explaining, setExplaining] = useState(false);
  const entries = live.board?.entries ?? [];
  const boardPoints = entries.find((entry) => entry.participant.id === userId)?.points ?? 0;
  const shownPoints = withPendingPoints(boardPoints, logging.log);
  const standing = myStanding(entries, userId, contest.goalPoints, shownPoints - boardPoints);
  const titleId = `contest-${contest.id}`;

  return (
    <article className={styles.card} aria-labelledby={titleId}>
      <header className={styles.cardHeader}>
        <h2 id={titleId} className={styles.cardTitle}>
          {contest.name}
        </h2>
        <Link to={`/leaderboards/${contest.id}`} className={styles.boardLink}>
          Leaderboard
        </Link>
      </header>
      <dl className={styles.stats}>
        <div>
          <dt>Rank</dt>
          <dd data-testid="my-rank">
            {standing.rank ?? '–'}
            {live.board ? <span className={styles.of}> of {live.board.total}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Points</dt>
          <dd data-testid="my-points">
            <AnimatedNumber value={standing.points} />
          </dd>
        </div>
        <div>
          <dt>Next rank</dt>
          <dd>{standing.behindNext === null ? 'You lead' : `${fmt(standing.behindNext)} to go`}</dd>
        </div>
      </dl>
      {contest.goalPoints ? (
        <div className={styles.goal}>
          <span>
            Goal {fmt(contest.goalPoints)} pts ·{' '}
            {standing.toGoal === 0 ? 'reached!' : `${fmt(standing.toGoal ?? 0)} to go`}
          </span>
          <ProgressBar
            fraction={standing.points / contest.goalPoints}
            done={standing.toGoal === 0}
            label="Goal progress"
          />
        </div>
      ) : null}
      <LogActivityPanel
        rules={contest.rules}
        typeLabel={typeLabel}
        log={logging.log}
        onLog={(type, quantity, estimate) =>
          void logging.logActivity(type, quantity, estimate, boardPoints)
        }
        onUndo={(item) => void logging.undo(item, boardPoints)}
      />
      <div>
        <button
          type="button"
          className={styles.disclosure}
          aria-expanded={explaining}
          onClick={() => setExplaining((open) => !open)}
        >
          Why do I have {fmt(standing.points)} points?
        </button>
        {explaining ? (
          <ScoreExplanation
            contestId={contest.id}
            participantId={userId}
            typeLabel={typeLabel}
            timezone={contest.timezone}
          />
        ) : null}
      </div>
    </article>
  );
}
