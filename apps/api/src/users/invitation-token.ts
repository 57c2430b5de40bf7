import { createHash, randomBytes } from 'node:crypto';

/** A one-time invitation token: 256 random bits, base64url, with a prefix that says what it is. */
export function newInvitationToken(): string {
  return `inv_${randomBytes(32).toString('base64url')}`;
}

/**
 * What `user_invitations` stores and looks up: the token's SHA-256. The token is random and long,
 * so a fast hash suffices (a slow one is for passwords people choose); a leaked table opens nothing.
 */
export function invitationTokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
