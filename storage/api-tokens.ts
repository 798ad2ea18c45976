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

/** What rotating an org's token needs from storage. */
export interface TokenRotationStore {
  organizations: { setTokenHash(orgId: string, tokenHash: string, now: Date): Promise<unknown> };
  auditLog: { record(entry: { at: Date; orgId: string; actor: string; action: string; entity: string; entityId: string }): Promise<unknown> };
}

/**
 * Gives an org a new API token (the old one stops working at once) and records who did it.
 * Returns the token: it is shown to the caller once and only its hash is kept.
 */
export async function rotateOrgToken(store: TokenRotationStore, orgId: string, actor: string, now: Date): Promise<string> {
  const token = generateToken(ORG_TOKEN_PREFIX);
  await store.organizations.setTokenHash(orgId, hashToken(token), now);
  await store.auditLog.record({ at: now, orgId, actor, action: 'org.token_rotated', entity: 'organization', entityId: orgId });
  return token;
}
