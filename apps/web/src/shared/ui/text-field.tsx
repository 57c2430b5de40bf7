import { useId, type InputHTMLAttributes } from 'react';
import { FieldDescription } from './field-description';
import styles from './field.module.css';

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: string;
  /** Messages to show under the input, e.g. the server's for this field. */
  errors?: string[];
};

/** A labelled input whose hint and errors are announced with it. */
export function TextField({ label, hint, errors = [], className, ...inputProps }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <input
        {...inputProps}
        id={id}
        className={styles.control}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
      />
      <FieldDescription hintId={hintId} errorId={errorId} hint={hint} errors={errors} />
    </div>
  );
}
