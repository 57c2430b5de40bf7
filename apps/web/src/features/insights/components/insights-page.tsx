import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { queryKeys } from '../../../shared/api/query-keys';
import { SelectField } from '../../../shared/ui/select-field';
import { useOrgDirectory } from '../../contests/hooks/use-org-directory';
import { fetchActivityInsights } from '../api/insights-api';
import { PERIODS, periodRange, type PeriodDays } from '../hooks/insights-series';
import { ActivityOutcomeChart } from './activity-outcome-chart';
import styles from './insights.module.css';

/** Activities next to outcomes for one rep or one team, over 7, 30 or 90 days. */
export function InsightsPage() {
  const { reps, teams } = useOrgDirectory();
  const [choice, setChoice] = useState('');
  const [days, setDays] = useState<PeriodDays>(30);
  const subject = choice || (reps[0] ? `user:${reps[0].id}` : '');
  const [kind, id] = subject.split(':');
  // Fixed per period choice, so the query key does not change every render.
  const range = useMemo(() => periodRange(days), [days]);
  const query = {
    ...(kind === 'team' ? { teamId: id } : { userId: id }),
    ...range,
  };
  const insights = useQuery({
    queryKey: queryKeys.insights(query),
    queryFn: ({ signal }) => fetchActivityInsights(query, signal),
    enabled: Boolean(id),
  });
  return (
    <section className={styles.page} aria-labelledby="insights-title">
      <title>Insights · Arena</title>
      <h1 id="insights-title">Insights</h1>
      <p className={styles.muted}>
        Activities are what a rep controls; outcomes follow. See whether more of the first brings
        more of the second.
      </p>
      <div className={styles.controls}>
        <SelectField
          label="Rep or team"
          value={subject}
          onChange={(e) => setChoice(e.target.value)}
        >
          <optgroup label="Reps">
            {reps.map((rep) => (
              <option key={rep.id} value={`user:${rep.id}`}>
                {rep.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Teams">
            {teams.map((team) => (
              <option key={team.id} value={`team:${team.id}`}>
                {team.name}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <fieldset className={styles.periods}>
          <legend>Period</legend>
          {PERIODS.map((period) => (
            <label key={period} className={styles.period}>
              <input
                type="radio"
                name="period"
                checked={days === period}
                onChange={() => setDays(period)}
              />
              {period} days
            </label>
          ))}
        </fieldset>
      </div>
      {insights.error ? <p role="alert">{insights.error.message}</p> : null}
      {insights.isLoading ? <p>Loading insights…</p> : null}
      {insights.data ? (
        <>
          <ActivityOutcomeChart insights={insights.data} />
          <div className={styles.totals}>
            <h2>Totals by type</h2>
            <table className={styles.table}>
              <caption className="visually-hidden">Totals by activity type</caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {insights.data.totals.map((total) => (
                  <tr key={total.activityType}>
                    <th scope="row">{total.label}</th>
                    <td>{total.category === 'outcome' ? 'Outcome' : 'Activity'}</td>
                    <td>{total.quantity.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
