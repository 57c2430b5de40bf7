import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchParticipantScore } from '../../contests/api/contests-api';
import styles from './rep-home.module.css';

type ScoreExplanationProps = {
  contestId: string;
  participantId: string;
  typeLabel: (key: string) => string;
  timezone: string;
};

const fmt = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** "Why do I have 340?": points per activity type, then every activity that earned them. */
export function ScoreExplanation({
  contestId,
  participantId,
  typeLabel,
  timezone,
}: ScoreExplanationProps) {
  const score = useQuery({
    queryKey: queryKeys.score(contestId, participantId),
    queryFn: ({ signal }) => fetchParticipantScore(contestId, participantId, signal),
  });
  if (score.isPending) return <p>Loading your breakdown…</p>;
  if (score.error) return <p role="alert">{score.error.message}</p>;
  const { breakdown, explanation, points } = score.data;
  const when = new Intl.DateTimeFormat(undefined, {
    timeZone: timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <div className={styles.explanation}>
      <table className={styles.table}>
        <caption className="visually-hidden">Points by activity type</caption>
        <thead>
          <tr>
            <th scope="col">Activity</th>
            <th scope="col">Logged</th>
            <th scope="col">Counted</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {breakdown.map((line) => (
            <tr key={line.activityType}>
              <th scope="row">{typeLabel(line.activityType)}</th>
              <td>{fmt(line.units)}</td>
              <td>{fmt(line.countedUnits)}</td>
              <td>{fmt(line.points)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total
            </th>
            <td>{fmt(points)}</td>
          </tr>
        </tfoot>
      </table>
      {explanation.length > 0 ? (
        <ol className={styles.lines} aria-label="Every activity that counted">
          {explanation
            .slice()
            .reverse()
            .map((line) => (
              <li key={line.activityId}>
                <span>
                  {when.format(new Date(line.occurredAt))} · {fmt(line.quantity)}{' '}
                  {typeLabel(line.activityType)}
                  {line.countedUnits < line.quantity
                    ? ` (${fmt(line.countedUnits)} counted: cap reached)`
                    : ''}
                  {line.multiplier !== 1 ? ` × ${fmt(line.multiplier)} power hour` : ''}
                </span>
                <strong>+{fmt(line.points)}</strong>
              </li>
            ))}
        </ol>
      ) : (
        <p className={styles.muted}>No activities counted yet.</p>
      )}
    </div>
  );
}
