import type { FieldError } from '@arena/contracts';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL cannot
 * store NUL in text at all (it answered 500), and the others have no business in a name or a note.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Keys that address the object model rather than data. class-transformer drops them silently, so
 * the unknown-field check never saw them; they are refused like any other unknown field.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True when `text` holds a character `unsafeInputErrors` refuses. */
export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTERS.test(text);

export const CONTROL_CHARACTER_MESSAGE = (field: string) =>
  `${field} must not contain control characters (such as NUL)`;

type Pending = { value: unknown; path: string };

/**
 * Every string holding a control character and every prototype key in a request's body, query or
 * path parameter, named by its field path (`activities.1.note`), the way the validation pipe names
 * fields. Iterative; the body's size is already bounded (body-shape.ts).
 */
export function unsafeInputErrors(value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Pending[] = [{ value, path }];
  while (pending.length > 0) {
    const { value: current, path: at } = pending.pop() as Pending;
    if (typeof current === 'string') {
      if (CONTROL_CHARACTERS.test(current))
        errors.push({ field: at, messages: [CONTROL_CHARACTER_MESSAGE(at || 'value')] });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const keys = Object.keys(current);
    // Reversed, so that popping visits fields in their order and errors come out in it.
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const field = at ? `${at}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key) && !Array.isArray(current)) {
        errors.push({ field, messages: [`${key} should not exist`] });
        continue;
      }
      pending.push({ value: (current as Record<string, unknown>)[key], path: field });
    }
  }
  return errors;
}

/** Both lists in one, one entry per field, messages of the same field together. */
export function mergeFieldErrors(first: FieldError[], second: FieldError[]): FieldError[] {
  const byField = new Map<string, string[]>();
  for (const { field, messages } of [...first, ...second]) {
    const known = byField.get(field) ?? [];
    for (const message of messages) if (!known.includes(message)) known.push(message);
    byField.set(field, known);
  }
  return [...byField].map(([field, messages]) => ({ field, messages }));
}
