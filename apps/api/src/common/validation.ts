import type { FieldError } from '@arena/contracts';
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { InvalidInputError } from './errors';
import { mergeFieldErrors, unsafeInputErrors } from './input-text';

/** Flattens class-validator's nested errors into `rules.0.pointsPerUnit`-style field paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = error.constraints
      ? [
          {
            field,
            messages: Object.values(error.constraints).map((m) => m.replace(/^property /, '')),
          },
        ]
      : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** The options of the global pipe, for the few places that validate a body themselves. */
export const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
} as const;

export function invalidInput(fieldErrors: FieldError[]): InvalidInputError {
  const summary = fieldErrors.flatMap((e) => e.messages).join('; ');
  // Some messages (the password checker's advice) end in a full stop already.
  return new InvalidInputError(`Invalid request: ${summary.replace(/\.$/, '')}.`, fieldErrors);
}

/**
 * class-validator plus what it cannot see: control characters in any string (PostgreSQL refuses
 * NUL with a 500) and prototype keys (class-transformer drops them before the unknown-field check).
 * Both are reported with the DTO's own errors, in one 400.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A body without a DTO class (the batch) validates itself, with these checks, in its service.
    const checked =
      metadata.type !== 'custom' && (metadata.type !== 'body' || this.toValidate(metadata));
    const unsafe = checked ? unsafeInputErrors(value, metadata.data ?? '') : [];
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      if (unsafe.length > 0 && error instanceof InvalidInputError)
        throw invalidInput(mergeFieldErrors(error.errors ?? [], unsafe));
      throw error;
    }
    if (unsafe.length > 0) throw invalidInput(unsafe);
    return result;
  }
}

/** Rejects unknown and malformed fields with a 400 that names each one; stores nothing. */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => invalidInput(toFieldErrors(errors)),
  });
}
