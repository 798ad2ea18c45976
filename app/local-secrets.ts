import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN_TOKEN_PREFIX, generateToken } from '../storage/api-tokens.js';
import { ensurePrivateDir } from '../storage/private-files.js';

/**
 * Secrets that `npm start` must have but a new user should not need to set:
 * generated on first start into DATA_DIR (mode 0600) and reused afterwards.
 * A deployment with several nodes sets them in the environment instead.
 */
export interface LocalSecret {
  value: string;
  /** True when this start created it (the admin token is printed only then). */
  generated: boolean;
  file: string;
}

export function loadOrCreateSecret(dataDir: string, name: string, create: () => string): LocalSecret {
  const file = path.join(dataDir, name);
  try {
    const value = fs.readFileSync(file, 'utf8').trim();
    if (value) return { value, generated: false, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  ensurePrivateDir(dataDir);
  const value = create();
  // 'wx' so two processes racing on a fresh dir cannot both write (the lock normally prevents that anyway).
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, generated: true, file };
}

export const ADMIN_TOKEN_FILE = 'admin-token';
export const ENCRYPTION_KEY_FILE = 'session-encryption.key';

export function loadAdminToken(dataDir: string): LocalSecret {
  return loadOrCreateSecret(dataDir, ADMIN_TOKEN_FILE, () => generateToken(ADMIN_TOKEN_PREFIX));
}

export function loadEncryptionKey(dataDir: string): LocalSecret {
  return loadOrCreateSecret(dataDir, ENCRYPTION_KEY_FILE, () => randomBytes(32).toString('hex'));
}
