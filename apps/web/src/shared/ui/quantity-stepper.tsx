import { useId, useState } from 'react';
import styles from './quantity-stepper.module.css';

type QuantityStepperProps = {
  label: string;
  value: number;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
};

/** − 1 + : big targets for thumbs, a real number input for keyboards. */
export function QuantityStepper({
  label,
  value,
  onChange,
  min = 1,
  max = 99,
}: QuantityStepperProps) {
  const id = useId();
  // What is being typed (may be empty or half a number); null when the input shows `value`.
  const [draft, setDraft] = useState<string | null>(null);
  const clamp = (next: number) => Math.min(max, Math.max(min, Math.round(next)));
  return (
    <div className={styles.stepper}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <div className={styles.controls}>
        <button
          type="button"
          className={styles.step}
          onClick={() => {
            setDraft(null);
            onChange(clamp(value - 1));
          }}
          disabled={value <= min}
          aria-label={`Decrease ${label.toLowerCase()}`}
        >
          −
        </button>
        <input
          id={id}
          className={styles.input}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          value={draft ?? value}
          onChange={(event) => {
            const text = event.target.value;
            setDraft(text);
            const parsed = Number(text);
            if (text.trim() !== '' && Number.isFinite(parsed)) onChange(clamp(parsed));
          }}
          onBlur={() => setDraft(null)}
        />
        <button
          type="button"
          className={styles.step}
          onClick={() => {
            setDraft(null);
            onChange(clamp(value + 1));
          }}
          disabled={value >= max}
          aria-label={`Increase ${label.toLowerCase()}`}
        >
          +
        </button>
      </div>
    </div>
  );
}
