import type { ActivityInsights } from '@arena/contracts';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { chartSummary, toChartSeries } from '../hooks/insights-series';
import styles from './insights.module.css';

type ActivityOutcomeChartProps = {
  insights: ActivityInsights;
};

const ACTIVITY_COLOR = '#4338ca';
const OUTCOME_COLOR = '#c2410c';

/**
 * Activities per day as bars and outcomes as a line on their own axis, so a week of calls next
 * to two deals is still readable. Screen readers get a summary and the same figures as a table.
 */
export function ActivityOutcomeChart({ insights }: ActivityOutcomeChartProps) {
  const series = toChartSeries(insights);
  const summary = chartSummary(insights);
  return (
    <figure className={styles.figure}>
      <div className={styles.chart} role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={series} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid stroke="#dde1e8" vertical={false} />
            <XAxis dataKey="label" tick={{ fill: '#4a5163', fontSize: 12 }} minTickGap={16} />
            <YAxis
              yAxisId="activities"
              allowDecimals={false}
              tick={{ fill: '#4a5163', fontSize: 12 }}
              width={44}
            />
            <YAxis
              yAxisId="outcomes"
              orientation="right"
              allowDecimals={false}
              tick={{ fill: OUTCOME_COLOR, fontSize: 12 }}
              width={44}
            />
            <Tooltip />
            <Legend />
            <Bar
              yAxisId="activities"
              dataKey="activities"
              name="Activities"
              fill={ACTIVITY_COLOR}
              radius={[4, 4, 0, 0]}
              isAnimationActive={false}
            />
            <Line
              yAxisId="outcomes"
              dataKey="outcomes"
              name="Outcomes"
              stroke={OUTCOME_COLOR}
              strokeWidth={2.5}
              dot={{ r: 3 }}
              type="monotone"
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className={styles.caption}>{summary}</figcaption>
      <table className="visually-hidden">
        <caption>Activities and outcomes per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Activities</th>
            <th scope="col">Outcomes</th>
          </tr>
        </thead>
        <tbody>
          {series.map((point) => (
            <tr key={point.day}>
              <th scope="row">{point.day}</th>
              <td>{point.activities}</td>
              <td>{point.outcomes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
