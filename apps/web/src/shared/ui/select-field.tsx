import { useId, type SelectHTMLAttributes } from 'react';
import { FieldDescription } from './field-description';
import styles from './field.module.css';

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string;
  hint?: string;
  errors?: string[];
};

/** A labelled native select (keyboard and screen-reader friendly on every platform). */
export function SelectField({
  label,
  hint,
  errors = [],
  className,
  children,
  ...selectProps
}: SelectFieldProps) {
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
      <select
        {...selectProps}
        id={id}
        className={styles.control}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy || undefined}
      >
        {children}
      </select>
      <FieldDescription hintId={hintId} errorId={errorId} hint={hint} errors={errors} />
    </div>
  );
}
