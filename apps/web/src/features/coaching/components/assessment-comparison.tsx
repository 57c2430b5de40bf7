import type { AssessmentComparison } from '@arena/contracts';
import styles from './coaching.module.css';

type AssessmentComparisonViewProps = {
  comparison: AssessmentComparison;
};

function change(value: number | null): string {
  if (value === null) return '–';
  if (value > 0) return `▲ +${value}`;
  if (value < 0) return `▼ ${value}`;
  return '0';
}

/** Start and end ratings per behaviour with the change, beside the rep's figures of the contest. */
export function AssessmentComparisonView({ comparison }: AssessmentComparisonViewProps) {
  // Types never logged in the window would only be a column of zeros.
  const figures = comparison.figures.filter((figure) => figure.count > 0);
  return (
    <div className={styles.comparison}>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption>
            Behaviours: start and end of {comparison.contest.name} for {comparison.user.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Behaviour</th>
              <th scope="col">Start</th>
              <th scope="col">End</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {comparison.behaviours.map((row) => (
              <tr key={row.behaviour.id}>
                <th scope="row">{row.behaviour.name}</th>
                <td>
                  {row.start ? <strong>{row.start.rating}</strong> : '–'}
                  {row.start?.note ? (
                    <span className={styles.cellNote}>{row.start.note}</span>
                  ) : null}
                </td>
                <td>
                  {row.end ? <strong>{row.end.rating}</strong> : '–'}
                  {row.end?.note ? <span className={styles.cellNote}>{row.end.note}</span> : null}
                </td>
                <td
                  className={
                    row.change === null
                      ? undefined
                      : row.change > 0
                        ? styles.up
                        : row.change < 0
                          ? styles.down
                          : undefined
                  }
                >
                  {change(row.change)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption>What {comparison.user.name} did in the contest</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Kind</th>
              <th scope="col">Logged</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {figures.length === 0 ? (
              <tr>
                <td colSpan={4}>Nothing logged in the contest’s window.</td>
              </tr>
            ) : null}
            {figures.map((figure) => (
              <tr key={figure.activityType}>
                <th scope="row">{figure.label}</th>
                <td>{figure.category === 'outcome' ? 'Outcome' : 'Activity'}</td>
                <td>{figure.count}×</td>
                <td>{figure.quantity.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
