import type { ReactNode } from 'react';
import styles from './full-page-status.module.css';

type FullPageStatusProps = {
  title: string;
  children?: ReactNode;
  /** Buttons or links offered to get out of this state. */
  actions?: ReactNode;
  busy?: boolean;
};

/** A whole-page state: loading the workspace, or a failure with a way forward. */
export function FullPageStatus({ title, children, actions, busy = false }: FullPageStatusProps) {
  return (
    <div className={styles.screen}>
      <div className={styles.panel} role={busy ? 'status' : undefined} aria-live="polite">
        {busy ? <span className={styles.spinner} aria-hidden="true" /> : null}
        <h1 className={styles.title}>{title}</h1>
        {children ? <div className={styles.body}>{children}</div> : null}
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
    </div>
  );
}
