import { CONNECTION_PRESETS, type ConnectionFreshness } from '@arena/contracts';
import { timeAgo } from './time-ago';

/** "Data from HubSpot (sales) · 2 min ago", or what is wrong, per connection; null: none. */
export function freshnessText(
  connections: ConnectionFreshness[],
  now = Date.now(),
): { text: string; warning: boolean } | null {
  if (connections.length === 0) return null;
  const troubled = connections.filter((c) => c.state === 'stale' || c.state === 'failing');
  if (troubled.length > 0)
    return {
      warning: true,
      text: troubled
        .map((c) =>
          c.state === 'stale'
            ? `${c.name} is stale: ${c.summary.charAt(0).toLowerCase()}${c.summary.slice(1)}`
            : `${c.name} is failing: the board may miss its latest records`,
        )
        .join(' · '),
    };
  const parts = connections
    .filter((c) => c.asOf)
    .map((c) => `${c.name || CONNECTION_PRESETS[c.kind].label} · ${timeAgo(c.asOf, now)}`);
  return parts.length > 0 ? { warning: false, text: `Data from ${parts.join(', ')}` } : null;
}
