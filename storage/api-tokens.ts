import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Org API tokens are 32 random bytes, so a fast hash is enough to store them:
 * there is nothing to brute-force. Only the SHA-256 is kept; the token itself
 * is shown once, at creation or rotation.
 */
export const ORG_TOKEN_PREFIX = 'pat_';
export const ADMIN_TOKEN_PREFIX = 'adm_';

export function generateToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets of possibly different lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
