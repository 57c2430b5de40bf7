import styles from './progress-bar.module.css';

type ProgressBarProps = {
  /** 0…1; clamped. */
  fraction: number;
  label: string;
  done?: boolean;
};

/** A thin bar for goal progress, announced as a progressbar with its label. */
export function ProgressBar({ fraction, label, done = false }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className={styles.track}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div
        className={[styles.fill, done ? styles.done : undefined].filter(Boolean).join(' ')}
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
