import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** Format tag of a sealed value: AES-256-GCM, key from SECRETS_KEY by HKDF-SHA256. */
const VERSION = 'v1';

/**
 * Encrypts secrets (connection credentials) at rest with a key from the config: a database dump
 * alone does not reveal them. Each value has its own random nonce; GCM's tag refuses a value
 * altered in the database or sealed under another key.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(
      hkdfSync('sha256', config.secretsKey, 'arena', 'arena secrets at rest v1', 32),
    );
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, nonce, tag, body]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plain text, or throws when the value was not sealed with this key. */
  open(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== VERSION || body === undefined)
      throw new Error('Not a sealed secret of this version');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'A stored secret cannot be decrypted: SECRETS_KEY differs from the key it was sealed with',
      );
    }
  }
}
