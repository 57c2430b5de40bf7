import { useQuery } from '@tanstack/react-query';
import { freshnessText } from '../../connections/components/freshness-text';
import { fetchDisplayFreshness } from '../api/display-api';
import styles from './tv.module.css';

type TvFreshnessProps = { token: string };

/** Where the wall's data comes from and how fresh it is, small in a corner; loud when stale. */
export function TvFreshness({ token }: TvFreshnessProps) {
  const freshness = useQuery({
    queryKey: ['tv', 'freshness', token],
    queryFn: () => fetchDisplayFreshness(token),
    refetchInterval: 60_000,
    retry: false,
  });
  const note = freshnessText(freshness.data ?? []);
  if (!note) return null;
  return (
    <div
      className={note.warning ? styles.freshnessStale : styles.freshness}
      data-testid="tv-freshness"
    >
      {note.text}
    </div>
  );
}
