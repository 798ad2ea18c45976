import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for small strings (WhatsApp creds and Signal keys at rest).
 *
 * Sealed form: `v1:<iv>:<tag>:<ciphertext>`, each part base64. The version
 * prefix lets a later format or key rotation coexist with rows written today.
 * The optional `context` is bound as GCM additional data: a value sealed for
 * one (instance, type, key) fails to open under another, so rows cannot be
 * swapped between numbers or keys in the database unnoticed.
 */
export const SECRET_BOX_VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class SecretBoxError extends Error {
  constructor(
    readonly code: 'INVALID_ENCRYPTION_KEY' | 'SEALED_VALUE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export class SecretBox {
  readonly #key: Buffer;

  /** `keyHex`: 64 hex characters (32 bytes), e.g. SESSION_ENCRYPTION_KEY. */
  constructor(keyHex: string) {
    if (!KEY_HEX.test(keyHex)) throw new SecretBoxError('INVALID_ENCRYPTION_KEY', 'The encryption key must be 64 hex characters (32 bytes)');
    this.#key = Buffer.from(keyHex, 'hex');
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${SECRET_BOX_VERSION}:${iv.toString('base64')}:${tag.toString('base64')}:${ciphertext.toString('base64')}`;
  }

  /** Throws `SEALED_VALUE_INVALID` for anything altered, truncated, sealed under another key or context. */
  open(sealed: string, context = ''): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== SECRET_BOX_VERSION || !parts.slice(1).every((p) => BASE64.test(p))) {
      throw new SecretBoxError('SEALED_VALUE_INVALID', 'Not a sealed value of a known version');
    }
    const iv = Buffer.from(parts[1]!, 'base64');
    const tag = Buffer.from(parts[2]!, 'base64');
    const ciphertext = Buffer.from(parts[3]!, 'base64');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('SEALED_VALUE_INVALID', 'Sealed value has a malformed IV or tag');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('SEALED_VALUE_INVALID', 'Sealed value failed authentication (tampered, or another key)');
    }
  }
}
