import type { ActivityInsights } from '@arena/contracts';

export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];

export type InsightsPoint = {
  day: string;
  /** Short label for the axis, e.g. "26 Nov". */
  label: string;
  activities: number;
  outcomes: number;
};

/** The last `days` calendar days up to now: from the start of the first day (local) to now. */
export function periodRange(days: PeriodDays, now = new Date()): { from: string; to: string } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - (days - 1));
  return { from: start.toISOString(), to: now.toISOString() };
}

const labelFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** One chart point per day of the period, oldest first, as the API sent them. */
export function toChartSeries(insights: ActivityInsights): InsightsPoint[] {
  return insights.days.map((day) => ({
    day: day.day,
    label: labelFormat.format(new Date(`${day.day}T00:00:00Z`)),
    activities: day.activities,
    outcomes: day.outcomes,
  }));
}

/** A sentence for screen readers that says what the chart shows. */
export function chartSummary(insights: ActivityInsights): string {
  const activities = insights.totals.filter((total) => total.category === 'activity');
  const outcomes = insights.totals.filter((total) => total.category === 'outcome');
  const list = (items: typeof activities) =>
    items.length === 0
      ? 'none'
      : items.map((item) => `${item.quantity.toLocaleString()} ${item.label}`).join(', ');
  const busiest = insights.days.reduce<ActivityInsights['days'][number] | null>(
    (best, day) => (best === null || day.activities > best.activities ? day : best),
    null,
  );
  return (
    `${insights.subject.name}, ${insights.days.length} days: activities ${list(activities)}; ` +
    `outcomes ${list(outcomes)}.` +
    (busiest && busiest.activities > 0
      ? ` Busiest day ${busiest.day} with ${busiest.activities} activities.`
      : '')
  );
}
