import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../shared/api/query-keys';
import { fetchFreshness } from '../api/connections-api';
import { freshnessText } from './freshness-text';
import styles from './connections.module.css';

/** The small note under a board: where its data comes from and how fresh it is. */
export function DataFreshness() {
  const freshness = useQuery({
    queryKey: queryKeys.connectionFreshness(),
    queryFn: ({ signal }) => fetchFreshness(signal),
    refetchInterval: 60_000,
  });
  const note = freshnessText(freshness.data ?? []);
  if (!note) return null;
  return (
    <p
      className={note.warning ? styles.freshnessWarning : styles.freshness}
      data-testid="data-freshness"
    >
      {note.text}
    </p>
  );
}
