import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  isISO8601,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { weakPasswordReason } from '../auth/password-strength';

/** A human-readable name: trimmed, not blank, bounded. */
export const IsName = (max: number) =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    Length(1, max, { message: `$property must be 1 to ${max} characters` }),
  );

/** Compared and stored lower-case; sign-in is case-insensitive. */
export const IsEmailAddress = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString(),
    MaxLength(254),
    IsEmail({}, { message: '$property must be an email address' }),
  );

/**
 * 8 to 200 characters and hard to guess (zxcvbn): not common, not a pattern, not made of the
 * sibling fields named in `userInputs` (the account's email and name).
 */
export const IsPassword = (userInputs: string[] = []) =>
  applyDecorators(
    IsString(),
    Length(8, 200, { message: '$property must be 8 to 200 characters' }),
    Matches(/\S/, { message: '$property must not be blank' }),
    IsStrongPassword(userInputs),
  );

function IsStrongPassword(userInputs: string[]) {
  // validate() and defaultMessage() run back to back for one value: check it once.
  let last: { value: unknown; reason: string | null } | undefined;
  const reason = (args: ValidationArguments): string | null => {
    const previous = last;
    if (previous && previous.value === args.value) return previous.reason;
    const object = args.object as Record<string, unknown>;
    const inputs = userInputs
      .map((field) => object[field])
      .filter((input): input is string => typeof input === 'string');
    const checked = { value: args.value, reason: weakPasswordReason(String(args.value), inputs) };
    last = checked;
    return checked.reason;
  };
  return ValidateBy({
    name: 'isStrongPassword',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        // Too short or not a string is reported by the rules above.
        typeof value !== 'string' || value.length < 8 || value.length > 200 || !args
          ? true
          : reason(args) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `$property ${args ? reason(args) : 'is too easy to guess'}`,
    },
  });
}

/** How many decimals a number has as JSON writes it, exponent notation included (1e-7: 7). */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent] = String(value).toLowerCase().split('e');
  return Math.max(0, (mantissa.split('.')[1] ?? '').length - Number(exponent ?? 0));
}

/**
 * A finite JSON number with at most `places` decimals (exact decimals are stored, never floats).
 * Not class-validator's `maxDecimalPlaces`: it throws (a 500) on exponent notation such as 1e-7.
 */
export const IsDecimal = (places: number) =>
  ValidateBy(
    {
      name: 'isDecimal',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= places,
      },
    },
    { message: `$property must be a number with at most ${places} decimals` },
  );

/** A date and time with `Z` or a numeric offset: `2026-11-30T09:00:00Z`, `…T09:00:00.5+01:00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export const TIMESTAMP_MESSAGE =
  'must be an ISO 8601 timestamp with a time zone offset (Z or +01:00), such as 2026-11-30T09:00:00Z';

/** For OpenAPI descriptions of the fields below. */
export const TIMESTAMP_DOC = 'ISO 8601 with a time zone offset (Z or +01:00); without one: 400';

/**
 * Every instant the API reads. Without an offset, `2026-11-30T09:00:00` would be read in the
 * server process's time zone, which is nobody's: it is refused instead.
 */
export const isTimestamp = (value: unknown): boolean =>
  typeof value === 'string' && TIMESTAMP.test(value) && isISO8601(value, { strict: true });

export const IsTimestamp = () =>
  ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: isTimestamp,
      defaultMessage: () => `$property ${TIMESTAMP_MESSAGE}`,
    },
  });
