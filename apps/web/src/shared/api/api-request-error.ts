import type { ApiError, ErrorCode } from '@arena/contracts';

/** The API answered with an error; `body` is its `ApiError` (synthesised if it sent none). */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly body: ApiError;

  constructor(body: ApiError) {
    super(body.message);
    this.body = body;
  }

  get status(): number {
    return this.body.statusCode;
  }

  /** What to branch on (`email_unavailable`, `rate_limited`, …); the message is for people. */
  get code(): ErrorCode {
    return this.body.code;
  }

  get hasFieldErrors(): boolean {
    return (this.body.errors?.length ?? 0) > 0;
  }

  /**
   * The server's messages for one field, ready to show next to its input. The server names the
   * field at the start ("adminEmail must be an email address"); the input's label already does.
   */
  fieldMessages(field: string): string[] {
    return (this.body.errors ?? [])
      .filter((error) => error.field === field)
      .flatMap((error) => error.messages)
      .map((message) => withoutFieldName(message, field));
  }
}

/** Drops the field's name (or, for `rules.0.pointsPerUnit`, its last part) from the message. */
function withoutFieldName(message: string, field: string): string {
  const name = [field, field.split('.').pop() ?? field].find((candidate) =>
    message.startsWith(`${candidate} `),
  );
  if (!name) return message;
  const rest = message.slice(name.length + 1);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
