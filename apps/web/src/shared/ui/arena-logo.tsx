import styles from './arena-logo.module.css';

type ArenaLogoProps = {
  /** Show the word next to the mark; without it the mark carries the accessible name. */
  showWordmark?: boolean;
  /** Drop the word on phone-sized screens. */
  compactOnNarrow?: boolean;
  className?: string;
};

/** The Arena mark (a peak with a crossbar: an "A" and a podium) and wordmark. */
export function ArenaLogo({
  showWordmark = true,
  compactOnNarrow = false,
  className,
}: ArenaLogoProps) {
  const classes = [styles.logo, compactOnNarrow ? styles.compactOnNarrow : undefined, className];
  return (
    <span className={classes.filter(Boolean).join(' ')}>
      <svg
        className={styles.mark}
        viewBox="0 0 32 32"
        role="img"
        aria-label="Arena"
        aria-hidden={showWordmark || undefined}
      >
        <rect width="32" height="32" rx="8" fill="#312e81" />
        <path
          d="M8 23 16 8l8 15"
          fill="none"
          stroke="#fbbf24"
          strokeWidth="3.2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <path d="M11.5 18h9" stroke="#fff" strokeWidth="3.2" strokeLinecap="round" />
      </svg>
      {showWordmark ? <span className={styles.wordmark}>Arena</span> : null}
    </span>
  );
}
