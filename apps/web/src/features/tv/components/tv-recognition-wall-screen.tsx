import type { Contest, Recognition } from '@arena/contracts';
import { AnimatePresence, motion, useReducedMotion } from 'framer-motion';
import { motionTokens } from '../../../shared/ui/motion-tokens';
import { InitialsAvatar } from './initials-avatar';
import styles from './tv.module.css';

const WALL_CARDS = 6;

type TvRecognitionWallScreenProps = { contest: Contest; recognitions: readonly Recognition[] };

/** The contest's latest badges, kudos and achievements; new ones pop in live. */
export function TvRecognitionWallScreen({ contest, recognitions }: TvRecognitionWallScreenProps) {
  const reduceMotion = useReducedMotion();
  const cards = recognitions.slice(0, WALL_CARDS);
  return (
    <section className={styles.screen} aria-label={`${contest.name} recognition wall`}>
      <h1 className={styles.title}>
        <span className={styles.titleName}>{contest.name}</span>
        <span className={styles.subtitle}>Recognition wall</span>
      </h1>
      {cards.length === 0 ? (
        <p className={styles.placeholder}>No badges or kudos yet — be the first to give one.</p>
      ) : (
        <ul className={styles.wall} aria-label="Recognitions">
          <AnimatePresence initial={false}>
            {cards.map((recognition) => (
              <motion.li
                key={recognition.id}
                layout={reduceMotion ? false : 'position'}
                initial={reduceMotion ? false : { opacity: 0, scale: 0.85 }}
                animate={{ opacity: 1, scale: 1 }}
                exit={{ opacity: 0 }}
                transition={{
                  duration: motionTokens.duration.slow,
                  ease: motionTokens.easing.enter,
                }}
                className={styles.card}
                style={{ borderColor: recognition.badge?.color ?? undefined }}
              >
                <span className={styles.cardEmoji} aria-hidden="true">
                  {recognition.badge?.emoji ?? (recognition.kind === 'kudos' ? '👏' : '🏆')}
                </span>
                <span className={styles.cardWho}>
                  <InitialsAvatar name={recognition.recipient.name} />
                  <span className={styles.name}>{recognition.recipient.name}</span>
                </span>
                <span className={styles.cardWhat}>
                  {recognition.badge?.name ??
                    (recognition.kind === 'kudos' ? 'Kudos' : 'Achievement')}
                </span>
                {recognition.message ? (
                  <span className={styles.cardMessage}>“{recognition.message}”</span>
                ) : null}
                <span className={styles.cardFrom}>
                  {recognition.awardedBy ? `from ${recognition.awardedBy.name}` : 'by Arena'}
                </span>
              </motion.li>
            ))}
          </AnimatePresence>
        </ul>
      )}
    </section>
  );
}
