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
  /** The rep (individual contest) or their team (team contest). */
  participantId: string;
  typeLabel: (key: string) => string;
};

const fmt = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** One live contest on the rep's phone: where I stand, log in two taps, why I have my points. */
export function MyContestCard({ contest, participantId, typeLabel }: MyContestCardProps) {
  const team = contest.mode === 'team';
  const live = useLiveLeaderboard(contest.id);
  const logging = useLogActivity(contest.id);
  const [explaining, setExplaining] = useState(false);
  const entries = live.board?.entries ?? [];
  const boardPoints = entries.find((entry) => entry.participant.id === participantId)?.points ?? 0;
  const shownPoints = withPendingPoints(boardPoints, logging.log);
  const standing = myStanding(
    entries,
    participantId,
    contest.goalPoints,
    shownPoints - boardPoints,
  );
  const titleId = `contest-${contest.id}`;

  return (
    <article className={styles.card} aria-labelledby={titleId}>
      <header className={styles.cardHeader}>
        <h2 id={titleId} className={styles.cardTitle}>
          {contest.name}
        </h2>
        {team ? <span className={styles.of}>Team contest: your team&apos;s place</span> : null}
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
          void logging.logActivity(
            type,
            quantity,
            // A team's average moves by a share nobody here knows: wait for the board.
            team && contest.teamAggregation === 'average' ? 0 : estimate,
            boardPoints,
          )
        }
        onUndo={(item) => void logging.undo(item, boardPoints)}
      />
      {team ? null : (
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
              participantId={participantId}
              typeLabel={typeLabel}
              timezone={contest.timezone}
            />
          ) : null}
        </div>
      )}
    </article>
  );
}
