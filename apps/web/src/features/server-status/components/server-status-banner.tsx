import { Button } from '../../../shared/ui/button';
import { useServerStatus, type ServerStatus } from '../hooks/use-server-status';
import styles from './server-status-banner.module.css';

const messages: Record<Exclude<ServerStatus, 'ok'>, { title: string; detail: string }> = {
  offline: {
    title: "You're offline.",
    detail: 'Arena reconnects by itself when your connection is back.',
  },
  unreachable: {
    title: "Can't reach the Arena server.",
    detail: 'Check your connection; we keep trying and will pick up where you left off.',
  },
  degraded: {
    title: "Arena's database isn't answering.",
    detail: 'Scores and changes may not save until it is back; we keep checking.',
  },
};

/** A strip across the top of every page while the API is unreachable or unhealthy. */
export function ServerStatusBanner() {
  const { status, checking, checkNow } = useServerStatus();
  const message = status === 'ok' ? null : messages[status];
  return (
    // The live region stays mounted so that its message is announced when it appears.
    <div role="status" aria-live="polite">
      {message ? (
        <div className={styles.banner}>
          <p>
            <span className={styles.title}>{message.title}</span> {message.detail}
          </p>
          {status === 'offline' ? null : (
            <Button variant="secondary" size="small" pending={checking} onClick={checkNow}>
              Try now
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}
