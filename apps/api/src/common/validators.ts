import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNumber, IsString, Length, Matches, MaxLength } from 'class-validator';

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

export const IsPassword = () =>
  applyDecorators(
    IsString(),
    Length(8, 200, { message: '$property must be 8 to 200 characters' }),
    Matches(/\S/, { message: '$property must not be blank' }),
  );

/** A finite JSON number with at most `places` decimals (exact decimals are stored, never floats). */
export const IsDecimal = (places: number) =>
  IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: places },
    { message: `$property must be a number with at most ${places} decimals` },
  );
