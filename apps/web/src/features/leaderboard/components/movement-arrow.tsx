import styles from './leaderboard-table.module.css';

type MovementArrowProps = {
  /** Previous rank − new rank; undefined when it has not moved while watched. */
  movement: number | undefined;
};

/** ▲ 2 / ▼ 1, with words for screen readers. */
export function MovementArrow({ movement }: MovementArrowProps) {
  if (!movement) return <span aria-hidden="true" className={styles.still} />;
  const up = movement > 0;
  const places = Math.abs(movement);
  return (
    <span
      className={up ? styles.up : styles.down}
      title={`${up ? 'Up' : 'Down'} ${places} ${places === 1 ? 'place' : 'places'}`}
    >
      <span aria-hidden="true">
        {up ? '▲' : '▼'}
        {places}
      </span>
      <span className="visually-hidden">
        {up ? 'up' : 'down'} {places}
      </span>
    </span>
  );
}
