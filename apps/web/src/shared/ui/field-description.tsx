import styles from './field.module.css';

type FieldDescriptionProps = {
  hintId: string;
  errorId: string;
  hint?: string;
  errors: string[];
};

/** The hint and the error messages under a form control, with the ids it points at. */
export function FieldDescription({ hintId, errorId, hint, errors }: FieldDescriptionProps) {
  return (
    <>
      {hint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <ul id={errorId} className={styles.errors}>
          {errors.map((message) => (
            <li key={message}>
              <svg className={styles.errorIcon} viewBox="0 0 16 16" aria-hidden="true">
                <circle cx="8" cy="8" r="7" fill="currentColor" />
                <path d="M8 4.5v4.2" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
                <circle cx="8" cy="11.4" r="1" fill="#fff" />
              </svg>
              <span>{message}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
