/** Durations (seconds) and easings for every animation, so motion feels like one product. */
export const motionTokens = {
  duration: {
    fast: 0.15,
    base: 0.24,
    slow: 0.4,
  },
  easing: {
    /** Decelerate into place: for things entering the screen. */
    enter: [0.16, 1, 0.3, 1],
    /** Accelerate away: for things leaving. */
    exit: [0.7, 0, 0.84, 0],
    standard: [0.4, 0, 0.2, 1],
  },
  distance: {
    /** How far entering content travels, in pixels. */
    enter: 12,
  },
  stagger: 0.05,
} as const;
