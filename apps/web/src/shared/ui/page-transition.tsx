import { motion, useReducedMotion, type Variants } from 'framer-motion';
import type { ReactNode } from 'react';
import { motionTokens } from './motion-tokens';

type PageTransitionProps = {
  children: ReactNode;
  className?: string;
};

const pageEnterVariants: Variants = {
  hidden: { opacity: 0, y: motionTokens.distance.enter },
  visible: {
    opacity: 1,
    y: 0,
    transition: {
      duration: motionTokens.duration.slow,
      ease: motionTokens.easing.enter,
      delayChildren: motionTokens.stagger,
      staggerChildren: motionTokens.stagger,
    },
  },
};

/** With reduced motion the content is simply there: no travel, no fade. */
const pageStillVariants: Variants = {
  hidden: { opacity: 1, y: 0 },
  visible: { opacity: 1, y: 0 },
};

/** The subtle entrance every page's content makes. */
export function PageTransition({ children, className }: PageTransitionProps) {
  const reduceMotion = useReducedMotion();
  return (
    <motion.div
      className={className}
      variants={reduceMotion ? pageStillVariants : pageEnterVariants}
      initial="hidden"
      animate="visible"
    >
      {children}
    </motion.div>
  );
}
