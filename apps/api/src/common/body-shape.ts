import type { NextFunction, Request, Response } from 'express';
import { DomainError, InvalidInputError, PayloadTooLargeError } from './errors';

/**
 * The largest shape a request body may have. A full batch of 1,000 activities with every field
 * is about 8,000 values and 3 levels deep; the largest list a DTO takes is a contest's 100,000
 * participant ids (about 3.9 MB of JSON); the longest
 * text field is 2,000 characters. Anything far beyond that is an attack, not a request: it is
 * refused before JSON.parse, class-transformer or class-validator spend time on it.
 */
export const BODY_SHAPE_LIMITS = {
  depth: 32,
  keysPerObject: 100,
  itemsPerArray: 100_000,
  values: 150_000,
  stringLength: 100_000,
} as const;

type Limits = typeof BODY_SHAPE_LIMITS;

const fmt = (n: number) => n.toLocaleString('en-US');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Measures raw JSON bytes in one pass, without parsing them, and names the first limit they break.
 * Runs before JSON.parse, which alone spends hundreds of milliseconds on 900,000 levels of nesting
 * or 150,000 keys, blocking every other request meanwhile. Malformed JSON is left to the parser.
 */
export function jsonShapeProblem(
  raw: Uint8Array,
  limits: Limits = BODY_SHAPE_LIMITS,
): string | null {
  // Per open container: its kind and how many commas it has seen (items = commas + 1).
  const kinds = new Uint8Array(limits.depth + 1);
  const commas = new Uint32Array(limits.depth + 1);
  let depth = 0;
  let values = 1;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    switch (byte) {
      case QUOTE:
        i = closingQuote(raw, i);
        if (i < 0) return null;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (++depth > limits.depth)
          return `Request body is nested too deeply (at most ${limits.depth} levels).`;
        kinds[depth] = byte;
        commas[depth] = 0;
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth === 0) return null;
        depth--;
        break;
      case COMMA: {
        if (depth === 0) return null;
        const items = ++commas[depth] + 1;
        if (++values > limits.values)
          return `Request body holds too many values (at most ${fmt(limits.values)}).`;
        if (kinds[depth] === OPEN_OBJECT && items > limits.keysPerObject)
          return `Request body has an object with too many keys (at most ${limits.keysPerObject}).`;
        if (kinds[depth] === OPEN_ARRAY && items > limits.itemsPerArray)
          return `Request body has an array with too many items (at most ${fmt(limits.itemsPerArray)}).`;
        break;
      }
    }
  }
  return null;
}

/** Where the string opened at `open` ends (-1: never). A native search: strings are most bytes. */
function closingQuote(raw: Uint8Array, open: number): number {
  for (let at = raw.indexOf(QUOTE, open + 1); at !== -1; at = raw.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (raw[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

type Pending = { value: unknown; depth: number; path: string };

/**
 * The same limits on an already-parsed value (413), plus string lengths (400 naming the field).
 * Iterative, so no depth can overflow the stack; stops at the first problem.
 */
export function parsedShapeProblem(
  value: unknown,
  limits: Limits = BODY_SHAPE_LIMITS,
): DomainError | null {
  const tooLarge = (message: string) => new PayloadTooLargeError(message);
  const pending: Pending[] = [{ value, depth: 0, path: '' }];
  let values = 0;
  while (pending.length > 0) {
    const { value: current, depth, path } = pending.pop() as Pending;
    if (++values > limits.values)
      return tooLarge(`Request body holds too many values (at most ${fmt(limits.values)}).`);
    const name = path || 'the body';
    if (typeof current === 'string') {
      // One field too long is that field's error, named the way the validation pipe names it.
      if (current.length > limits.stringLength)
        return InvalidInputError.field(
          name,
          `${name} must be at most ${fmt(limits.stringLength)} characters`,
        );
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limits.depth)
      return tooLarge(`Request body is nested too deeply (at most ${limits.depth} levels).`);
    const isArray = Array.isArray(current);
    const keys = Object.keys(current);
    if (isArray && keys.length > limits.itemsPerArray)
      return tooLarge(
        `Request body is too large: ${name} has more than ${fmt(limits.itemsPerArray)} items.`,
      );
    if (!isArray && keys.length > limits.keysPerObject)
      return tooLarge(
        `Request body has an object with too many keys: ${name} has more than ${limits.keysPerObject}.`,
      );
    for (const key of keys)
      pending.push({
        value: (current as Record<string, unknown>)[key],
        depth: depth + 1,
        path: path ? `${path}.${key}` : key,
      });
  }
  return null;
}

/** body-parser's `verify` hook: refuses an outsized JSON body before it is parsed. */
export function verifyJsonShape(_req: unknown, _res: unknown, raw: Buffer): void {
  const problem = jsonShapeProblem(raw);
  if (problem) throw new PayloadTooLargeError(problem);
}

/** After parsing, for every route: whatever parsed the body, its shape stays bounded. */
export function boundBodyShape() {
  return (req: Request, _res: Response, next: NextFunction) =>
    next((req.body === undefined ? null : parsedShapeProblem(req.body)) ?? undefined);
}
