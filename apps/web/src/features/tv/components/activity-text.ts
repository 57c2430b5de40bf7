import type { LiveActivity } from '@arena/contracts';

/** "Maya Rep · 2 demos", for tickers: activity-type keys read as words. */
export function activityText(activity: LiveActivity): string {
  const type = activity.type.replace(/[_-]+/g, ' ');
  const plural = activity.quantity === 1 || type.endsWith('s') ? type : `${type}s`;
  return `${activity.userName} · ${activity.quantity} ${plural}`;
}
