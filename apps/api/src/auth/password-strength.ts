import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

/** Built once, on first use: the dictionaries are large (≈200 ms to load). */
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // The defaults let a 32-character l33t-heavy password take ~400 ms (200 characters: 2 s) of
    // the event loop on an anonymous route; these bound the worst case to ~15 ms. A 48-character
    // prefix that scores well means the whole password does.
    l33tMaxSubstitutions: 3,
    maxLength: 48,
  });
  return checker;
}

/**
 * Why `password` is too weak — common, a pattern, or built from the user's own email or name —
 * or null when it is strong enough. The reason is zxcvbn's feedback, in words a user can act on.
 */
export function weakPasswordReason(password: string, userInputs: string[] = []): string | null {
  // zxcvbn only discounts them as words; a password that contains the whole email address
  // (its local part) or the whole name is refused outright.
  const whole = userInputs.flatMap((input) =>
    input.includes('@') ? [input.split('@')[0]] : [input],
  );
  const bare = normalise(password);
  if (whole.some((input) => normalise(input).length >= 4 && bare.includes(normalise(input))))
    return 'must not contain your email address or name.';
  const words = userInputs.flatMap((input) => [input, ...input.split(/[^\p{L}\p{N}]+/u)]);
  const result = zxcvbn().check(
    password,
    words.filter((word) => word.length >= 3),
  );
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  const why = [warning, ...suggestions].filter(Boolean).join(' ');
  return `is too easy to guess. ${why || 'Use a few uncommon words together.'}`.trim();
}

/** Lower-case letters and digits only, so "Ada.Lovelace" and "ada lovelace" compare equal. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
