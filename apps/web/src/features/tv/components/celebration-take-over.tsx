import type { CelebrationKind } from '@arena/contracts';
import { motion, useReducedMotion, type Variants } from 'framer-motion';
import { useMemo } from 'react';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import type { TakeOver } from '../model/celebration-queue';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

const PIECES = 36;
const COLOURS = ['#fbbf24', '#f472b6', '#34d399', '#60a5fa', '#a78bfa', '#f87171'];

const headlines: Record<CelebrationKind, string> = {
  deal_won: 'Deal won!',
  goal_reached: 'Goal reached!',
  new_leader: 'New leader!',
  badge: 'Badge earned!',
};

export const takeOverVariants: Variants = {
  hidden: { opacity: 0, scale: 0.92 },
  shown: {
    opacity: 1,
    scale: 1,
    transition: { duration: motionTokens.duration.slow, ease: motionTokens.easing.enter },
  },
  gone: {
    opacity: 0,
    transition: { duration: motionTokens.duration.base, ease: motionTokens.easing.exit },
  },
};

/** Confetti bursting from the middle: positions are fixed per take-over, so re-renders are free. */
function Burst({ seed }: { seed: string }) {
  const pieces = useMemo(() => {
    let value = [...seed].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7);
    const random = () => {
      value = (value * 1_103_515_245 + 12_345) >>> 0;
      return value / 2 ** 32;
    };
    return Array.from({ length: PIECES }, (_, index) => {
      const angle = random() * Math.PI * 2;
      const distance = 25 + random() * 30;
      return {
        index,
        x: `${Math.cos(angle) * distance}vw`,
        y: `${Math.sin(angle) * distance}vh`,
        rotate: random() * 720 - 360,
        colour: COLOURS[index % COLOURS.length],
        delay: random() * 0.25,
      };
    });
  }, [seed]);
  return (
    <div className={styles.burst} aria-hidden="true">
      {pieces.map((piece) => (
        <motion.span
          key={piece.index}
          className={styles.confetti}
          style={{ backgroundColor: piece.colour }}
          initial={{ x: 0, y: 0, opacity: 1, rotate: 0 }}
          animate={{ x: piece.x, y: piece.y, opacity: 0, rotate: piece.rotate }}
          transition={{ duration: 2.2, delay: piece.delay, ease: motionTokens.easing.enter }}
        />
      ))}
    </div>
  );
}

type CelebrationTakeOverProps = { takeOver: TakeOver };

/** A celebration (or a summary of a flood of them) over the whole wall for a few seconds. */
export function CelebrationTakeOver({ takeOver }: CelebrationTakeOverProps) {
  const reduceMotion = useReducedMotion();
  return (
    <motion.div
      className={styles.takeOver}
      role="alert"
      data-testid="celebration"
      data-kind={takeOver.kind}
      variants={takeOverVariants}
      initial={reduceMotion ? false : 'hidden'}
      animate="shown"
      exit={reduceMotion ? undefined : 'gone'}
    >
      {reduceMotion ? null : <Burst seed={takeOver.id} />}
      {takeOver.kind === 'single' ? (
        <>
          <p className={styles.takeOverKicker}>{headlines[takeOver.celebration.kind]}</p>
          <InitialsAvatar name={takeOver.celebration.participant.name} size="xl" />
          <p className={styles.takeOverName}>{takeOver.celebration.participant.name}</p>
          <p className={styles.takeOverMessage}>{takeOver.celebration.message}</p>
        </>
      ) : (
        <>
          <p className={styles.takeOverKicker}>What a minute!</p>
          <p className={styles.takeOverName}>{takeOver.headline}</p>
          <p className={styles.takeOverNames}>
            {takeOver.names.map((name) => (
              <span key={name} className={styles.takeOverNamesItem}>
                <InitialsAvatar name={name} size="lg" />
                {name}
              </span>
            ))}
          </p>
        </>
      )}
    </motion.div>
  );
}
