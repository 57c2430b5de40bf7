import { animate, useReducedMotion } from 'framer-motion';
import { useEffect, useRef, useState } from 'react';
import { motionTokens } from './motion-tokens';

type AnimatedNumberProps = {
  value: number;
  format?: (value: number) => string;
};

const defaultFormat = (value: number) =>
  value.toLocaleString(undefined, { maximumFractionDigits: 2 });

/** A number that counts up (or down) to its new value; jumps when motion is reduced. */
export function AnimatedNumber({ value, format = defaultFormat }: AnimatedNumberProps) {
  const reduceMotion = useReducedMotion();
  const [shown, setShown] = useState(value);
  const from = useRef(value);

  useEffect(() => {
    if (reduceMotion || from.current === value) {
      from.current = value;
      setShown(value);
      return;
    }
    const controls = animate(from.current, value, {
      duration: motionTokens.duration.slow * 2,
      ease: motionTokens.easing.enter,
      onUpdate: (latest) => {
        from.current = latest;
        // Whole targets count in whole steps; decimals appear only where the value has them.
        setShown(Number.isInteger(value) ? Math.round(latest) : Math.round(latest * 100) / 100);
      },
      onComplete: () => {
        from.current = value;
        setShown(value);
      },
    });
    return () => controls.stop();
  }, [value, reduceMotion]);

  // Screen readers get the real value at once, not every frame of the count.
  return (
    <>
      <span aria-hidden="true">{format(shown)}</span>
      <span className="visually-hidden">{format(value)}</span>
    </>
  );
}
