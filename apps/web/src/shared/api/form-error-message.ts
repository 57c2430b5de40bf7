import { ApiRequestError } from './api-request-error';
import { ServerUnreachableError } from './server-unreachable-error';

/**
 * The sentence to show above a form after a failed submit. When the server's complaints are all
 * about fields the form shows, the messages sit next to those fields and this only points there.
 */
export function formErrorMessage(error: unknown, formFields: readonly string[]): string | null {
  if (error === null || error === undefined) return null;
  if (error instanceof ServerUnreachableError) return error.message;
  if (error instanceof ApiRequestError) {
    const fieldErrors = error.body.errors ?? [];
    const allShownByFields =
      fieldErrors.length > 0 && fieldErrors.every((e) => formFields.includes(e.field));
    return allShownByFields ? 'Please correct the highlighted fields.' : error.message;
  }
  return 'Something went wrong. Please try again.';
}
