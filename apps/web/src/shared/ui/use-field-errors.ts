import { useCallback, useState } from 'react';
import { ApiRequestError } from '../api/api-request-error';

/** Field name → the problem found before sending, or null when the value is fine. */
type ClientChecks = Record<string, string | null>;

/**
 * The messages to show under each form field: the browser-side checks first, else the server's
 * answer to the last submit. A field's message hides once the user edits it (it is about the
 * old value).
 */
export function useFieldErrors(serverError: unknown) {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [clientErrors, setClientErrors] = useState<Readonly<Record<string, string>>>({});

  const errorsFor = useCallback(
    (field: string): string[] => {
      if (edited.has(field)) return [];
      const clientError = clientErrors[field];
      if (clientError) return [clientError];
      return serverError instanceof ApiRequestError ? serverError.fieldMessages(field) : [];
    },
    [serverError, edited, clientErrors],
  );

  const markEdited = useCallback((field: string) => {
    setEdited((previous) => (previous.has(field) ? previous : new Set(previous).add(field)));
  }, []);

  /** Runs on submit: shows the failed checks and answers whether the form may be sent. */
  const validate = useCallback((checks: ClientChecks): boolean => {
    const failed = Object.fromEntries(
      Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== null),
    );
    setEdited(new Set());
    setClientErrors(failed);
    return Object.keys(failed).length === 0;
  }, []);

  return { errorsFor, markEdited, validate };
}
