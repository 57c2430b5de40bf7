import type { Celebration } from '@arena/contracts';
import { AnimatePresence, motion, useReducedMotion, type Variants } from 'framer-motion';
import { useEffect, useState } from 'react';
import { useLiveSocket } from '../../../shared/live/use-live-socket';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import styles from './recognition.module.css';

const TOAST_MS = 6_000;

const EMOJI: Record<Celebration['kind'], string> = {
  deal_won: '🤝',
  goal_reached: '🎯',
  new_leader: '🏃',
  badge: '🏅',
};

const toastVariants: Variants = {
  hidden: { opacity: 0, y: motionTokens.distance.enter },
  shown: {
    opacity: 1,
    y: 0,
    transition: { duration: motionTokens.duration.base, ease: motionTokens.easing.enter },
  },
  gone: {
    opacity: 0,
    transition: { duration: motionTokens.duration.fast, ease: motionTokens.easing.exit },
  },
};

/** Celebrations from the live socket, as a small banner that goes away on its own. */
export function CelebrationToast() {
  const socket = useLiveSocket();
  const reduceMotion = useReducedMotion();
  const [current, setCurrent] = useState<Celebration | null>(null);
  useEffect(() => {
    if (!socket) return;
    const onCelebration = (celebration: Celebration) => setCurrent(celebration);
    socket.on('celebration', onCelebration);
    return () => {
      socket.off('celebration', onCelebration);
    };
  }, [socket]);
  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(() => setCurrent(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [current]);
  return (
    <div className={styles.toastRegion} role="status" aria-live="polite">
      <AnimatePresence>
        {current ? (
          <motion.div
            key={current.id}
            className={styles.toast}
            variants={toastVariants}
            initial={reduceMotion ? false : 'hidden'}
            animate="shown"
            exit="gone"
          >
            <span aria-hidden="true">{EMOJI[current.kind]}</span> {current.message}
            <button
              type="button"
              className={styles.toastClose}
              onClick={() => setCurrent(null)}
              aria-label="Dismiss"
            >
              ×
            </button>
          </motion.div>
        ) : null}
      </AnimatePresence>
    </div>
  );
}
