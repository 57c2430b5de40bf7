import type { ReactNode } from 'react';
import styles from './form-message.module.css';

type FormMessageTone = 'error' | 'info';

type FormMessageProps = {
  tone: FormMessageTone;
  children: ReactNode;
};

/** A message about the whole form; errors are announced as soon as they appear. */
export function FormMessage({ tone, children }: FormMessageProps) {
  return (
    <div
      className={`${styles.message} ${styles[tone]}`}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      {children}
    </div>
  );
}
