import { weakPasswordReason } from './password-strength';

describe('weakPasswordReason', () => {
  it('refuses common passwords and patterns with zxcvbn’s reason, accepts passphrases', () => {
    expect(weakPasswordReason('password')).toMatch(
      /^is too easy to guess\. This is a heavily used password/,
    );
    expect(weakPasswordReason('12345678')).toMatch(/too easy to guess/);
    expect(weakPasswordReason('correct horse battery')).toBeNull();
  });

  it('refuses passwords built from the user’s own email or name', () => {
    expect(
      weakPasswordReason('ada.lovelace@example.com', ['ada.lovelace@example.com']),
    ).not.toBeNull();
    expect(weakPasswordReason('lovelace1815', ['Ada Lovelace'])).not.toBeNull();
  });

  it('stays cheap once loaded, even for long l33t-heavy input (it runs on anonymous routes)', () => {
    // Measured against an ordinary password checked in the same rounds, so a busy machine slows
    // both alike: on one idle core the ordinary one takes ~6 ms and these bounded ~10–20 ms;
    // unbounded, zxcvbn takes 400–2,000 ms on them (70–300 times the ordinary one).
    const ordinary = 'correct horse battery';
    const time = (password: string) => {
      const started = process.hrtime.bigint();
      weakPasswordReason(password);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    weakPasswordReason(ordinary);
    for (const worst of ['4@1!0$3|'.repeat(25), 'aB3$'.repeat(50), 'e3e3e3e3'.repeat(8)]) {
      weakPasswordReason(worst); // the first call of a shape pays for JIT compilation
      // The fastest of a few interleaved runs: what the checks cost, not what the machine adds.
      const rounds = Array.from({ length: 5 }, () => ({
        ordinary: time(ordinary),
        worst: time(worst),
      }));
      const fastest = (key: 'ordinary' | 'worst') => Math.min(...rounds.map((round) => round[key]));
      expect(fastest('worst')).toBeLessThan(15 * fastest('ordinary'));
    }
  });
});
