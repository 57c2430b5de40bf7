import type { ContestStatus } from '@arena/contracts';
import styles from './contest-status-badge.module.css';

const labels: Record<ContestStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  live: 'Live',
  ended: 'Ended',
  archived: 'Archived',
};

export function ContestStatusBadge({ status }: { status: ContestStatus }) {
  return <span className={`${styles.badge} ${styles[status]}`}>{labels[status]}</span>;
}
