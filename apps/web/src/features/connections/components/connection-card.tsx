import { CONNECTION_PRESETS, type Connection } from '@arena/contracts';
import { Link } from 'react-router-dom';
import { queryKeys } from '../../../shared/api/query-keys';
import { Button } from '../../../shared/ui/button';
import { ProgressBar } from '../../../shared/ui/progress-bar';
import { useAdminMutation } from '../../admin/hooks/use-admin-mutation';
import { syncConnection, updateConnection } from '../api/connections-api';
import styles from './connections.module.css';
import { timeAgo } from './time-ago';

type ConnectionCardProps = {
  connection: Connection;
  /** Show the link to the connection's own page (the list does; the page itself does not). */
  linked?: boolean;
};

const HEALTH_LABEL = {
  ok: 'Healthy',
  waiting: 'Waiting for data',
  stale: 'Stale',
  failing: 'Failing',
} as const;

const numbers = new Intl.NumberFormat();

/** One connection at a glance: its health in words, the figures behind it, its sync. */
export function ConnectionCard({ connection, linked = false }: ConnectionCardProps) {
  const sync = useAdminMutation(syncConnection, queryKeys.connections());
  const update = useAdminMutation(updateConnection, queryKeys.connections());
  const { health } = connection;
  const paused = connection.status === 'paused';
  return (
    <article className={styles.card} aria-labelledby={`connection-${connection.id}`}>
      <div className={styles.cardHead}>
        <h3 id={`connection-${connection.id}`}>{connection.name}</h3>
        <span className={styles.kind}>{CONNECTION_PRESETS[connection.kind].label}</span>
        <span className={`${styles.health} ${styles[health.state]}`} data-testid="health-state">
          {paused ? 'Paused' : HEALTH_LABEL[health.state]}
        </span>
      </div>
      <p className={styles.summary} data-testid="health-summary">
        {health.summary}
      </p>
      {connection.sync ? (
        <div className={styles.sync}>
          {connection.sync.phase === 'backfill' ? (
            <>
              <span>
                Backfilling history since{' '}
                {new Date(connection.sync.backfillFrom).toLocaleDateString()}:{' '}
                <strong data-testid="backfill-progress">
                  {Math.round(connection.sync.progress * 100)}%
                </strong>{' '}
                · {numbers.format(connection.sync.recordsRead)} records read
              </span>
              <ProgressBar fraction={connection.sync.progress} label="Backfill" />
            </>
          ) : (
            <span data-testid="sync-status">
              Synced {timeAgo(connection.sync.lastRunAt)}
              {connection.sync.nextRunAt ? ` · next ${timeAgo(connection.sync.nextRunAt)}` : ''}
              {connection.sync.running ? ' · reading now' : ''} ·{' '}
              {numbers.format(connection.sync.recordsRead)} records read
            </span>
          )}
          {connection.sync.rateLimitedUntil ? (
            <span className={styles.attention}>
              {CONNECTION_PRESETS[connection.kind].label} asked to wait until{' '}
              {new Date(connection.sync.rateLimitedUntil).toLocaleTimeString()}
            </span>
          ) : null}
        </div>
      ) : null}
      <dl className={styles.figures}>
        <div>
          <dt>Last record</dt>
          <dd>{timeAgo(health.lastReceivedAt)}</dd>
        </div>
        <div>
          <dt>Lag to scored</dt>
          <dd>{health.lagSeconds === null ? '—' : `${health.lagSeconds} s`}</dd>
        </div>
        <div>
          <dt>Records, last hour</dt>
          <dd>{numbers.format(health.recordsLastHour)}</dd>
        </div>
        <div>
          <dt>Errors, 24 h</dt>
          <dd className={health.errorsLastDay > 0 ? styles.attention : undefined}>
            {numbers.format(health.errorsLastDay)}
          </dd>
        </div>
        <div>
          <dt>Unmatched</dt>
          <dd
            className={health.unmatched > 0 ? styles.attention : undefined}
            data-testid="unmatched-count"
          >
            {numbers.format(health.unmatched)}
          </dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd>{numbers.format(health.queued)}</dd>
        </div>
      </dl>
      <div className={styles.actions}>
        {linked ? (
          <Link to={connection.id} className={styles.openLink}>
            Open {connection.name}
          </Link>
        ) : null}
        {connection.sync && !paused ? (
          <Button
            variant="secondary"
            size="small"
            pending={sync.isPending}
            onClick={() => sync.mutate(connection.id)}
          >
            Sync now
          </Button>
        ) : null}
        <Button
          variant="ghost"
          size="small"
          pending={update.isPending}
          onClick={() =>
            update.mutate({
              connectionId: connection.id,
              body: { status: paused ? 'active' : 'paused' },
            })
          }
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
      </div>
    </article>
  );
}
