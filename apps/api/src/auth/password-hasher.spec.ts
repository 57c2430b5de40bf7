import { hashPassword, verifyPassword } from './password-hasher';

describe('password hashing', () => {
  it('stores a salted scrypt hash that verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('open sesame'), hashPassword('open sesame')]);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('open sesame');
    await expect(verifyPassword('open sesame', a)).resolves.toBe(true);
    await expect(verifyPassword('open sesame!', a)).resolves.toBe(false);
  });

  it('refuses hashes it does not understand', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
    await expect(verifyPassword('x', '')).resolves.toBe(false);
  });
});
