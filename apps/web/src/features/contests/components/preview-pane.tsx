import type { PreviewLeaderboard } from '@arena/contracts';
import { LeaderboardTable } from '../../leaderboard/components/leaderboard-table';
import { fairness } from '../hooks/fairness';
import styles from './contest-designer.module.css';

type PreviewPaneProps = {
  preview: PreviewLeaderboard | undefined;
  error: Error | null;
  /** A newer answer is on its way (the shown one is for the previous edit). */
  refreshing: boolean;
  /** Why there is nothing to preview yet, when so. */
  blockedBy: string | null;
  days: number;
  onDaysChange: (days: number) => void;
  goalPoints: number | null;
};

const PERIODS = [7, 30, 90] as const;

/** Beside the form: the board the design would have produced over a past period. */
export function PreviewPane({
  preview,
  error,
  refreshing,
  blockedBy,
  days,
  onDaysChange,
  goalPoints,
}: PreviewPaneProps) {
  const hint = preview ? fairness(preview.entries) : null;
  return (
    <section className={styles.preview} aria-labelledby="preview-title" aria-busy={refreshing}>
      <div className={styles.previewHeader}>
        <h2 id="preview-title">Live preview</h2>
        <label className={styles.period}>
          <span>Over the last</span>
          <select value={days} onChange={(event) => onDaysChange(Number(event.target.value))}>
            {PERIODS.map((period) => (
              <option key={period} value={period}>
                {period} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {blockedBy ? <p className={styles.muted}>{blockedBy}</p> : null}
      {error && !blockedBy ? (
        <p role="alert" className={styles.previewError}>
          {error.message}
        </p>
      ) : null}
      {preview && !blockedBy ? (
        <>
          <p className={styles.muted} aria-live="polite">
            {preview.activitiesConsidered.toLocaleString()} past activities scored
            {refreshing ? ' · updating…' : ''}
          </p>
          {hint ? (
            <dl className={styles.fairness}>
              <div>
                <dt>Reps in the top 3</dt>
                <dd>{hint.inTopThree}</dd>
              </div>
              <div>
                <dt>Leader&apos;s share</dt>
                <dd>
                  {hint.leaderShare === null ? '–' : `${Math.round(hint.leaderShare * 100)}%`}
                </dd>
              </div>
              <div>
                <dt>Scoring</dt>
                <dd>
                  {hint.scoring} of {hint.participants}
                </dd>
              </div>
            </dl>
          ) : null}
          {hint?.warning ? <p className={styles.warning}>{hint.warning}</p> : null}
          <LeaderboardTable
            caption="Preview leaderboard"
            entries={preview.entries}
            goalPoints={goalPoints}
          />
        </>
      ) : null}
    </section>
  );
}
