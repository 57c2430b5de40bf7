import { SecretBox } from './secret-box';
import type { AppConfig } from '../config/app-config';

const box = (secretsKey: string) => new SecretBox({ secretsKey } as AppConfig);

describe('SecretBox', () => {
  const key = 'k'.repeat(40);

  it('opens what it sealed, with a fresh nonce each time and no plain text in the sealed form', () => {
    const sealed = [box(key).seal('pat-na1-secret'), box(key).seal('pat-na1-secret')];
    expect(sealed[0]).not.toEqual(sealed[1]);
    for (const value of sealed) {
      expect(value).not.toContain('pat-na1');
      expect(box(key).open(value)).toBe('pat-na1-secret');
    }
  });

  it('refuses a value sealed under another key, or altered', () => {
    const sealed = box(key).seal('{"apiToken":"x"}');
    expect(() => box('z'.repeat(40)).open(sealed)).toThrow(/SECRETS_KEY/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('{"apiToken":"y"}').toString('base64url');
    expect(() => box(key).open(parts.join('.'))).toThrow(/cannot be decrypted/);
    expect(() => box(key).open('plain')).toThrow(/Not a sealed secret/);
  });
});
