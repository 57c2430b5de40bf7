import type { FieldError } from '@arena/contracts';
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { InvalidInputError } from './errors';

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
  return new InvalidInputError(`Invalid request: ${summary}.`, fieldErrors);
}

/** Rejects unknown and malformed fields with a 400 that names each one; stores nothing. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => invalidInput(toFieldErrors(errors)),
  });
}
