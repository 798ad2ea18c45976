import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../runtime/clock.js';
import type { Cache } from '../../storage/cache.js';
import type { Executor } from '../../storage/executor.js';
import type { SecretBox } from '../../storage/secret-box.js';
import { CREDS_KEY_ID, CREDS_TYPE, WaAuthRepository, type WaAuthChange } from '../../storage/wa-auth.repository.js';
import { decodeCredsJson, decodeKeyJson, sealCreds, sealKey, SIGNAL_KEY_TYPES, type SignalKeyType } from './auth-codec.js';
import { authCachePrefix } from './auth-state-store.js';

/**
 * Moves a linked device from a Baileys multi-file auth folder (what
 * `useMultiFileAuthState(dir)` writes: `creds.json` plus one
 * `<type>-<id>.json` per key) into `wa_auth`, so a number linked elsewhere
 * keeps working without a new pairing.
 *
 * File names: `useMultiFileAuthState` writes `${type}-${id}.json` with `/`
 * turned into `__` and `:` into `-`. Both the type and the id may contain
 * `-`, so the type is the longest known type the name starts with, and `-`
 * is only turned back into `:` where an id can hold one: sender-key ids
 * (`<group>::<user>::<device>`), whose `::` became `--` (a legacy group id's
 * single `-` stays). `__` is turned back into `/` (base64 app-state key ids).
 */
export class AuthImportError extends Error {
  constructor(
    readonly code: 'AUTH_FOLDER_INVALID' | 'INSTANCE_NOT_FOUND' | 'ALREADY_LINKED',
    message: string,
  ) {
    super(message);
    this.name = 'AuthImportError';
  }
}

export interface MultiFileImportOptions {
  dir: string;
  db: Executor;
  secretBox: SecretBox;
  orgId: string;
  instanceId: string;
  /** Replace creds and keys the number already has; without it an instance with creds is refused. */
  replace?: boolean;
  /** The shared auth cache, emptied for the instance after the import commits. */
  cache?: Cache;
  clock?: Clock;
}

export interface MultiFileImportResult {
  /** Keys imported per type. */
  keys: Partial<Record<SignalKeyType, number>>;
  /** Files that are not auth state (left alone). */
  skipped: string[];
  /** The linked account's JID, from the imported creds. */
  meId: string | null;
}

const TYPES_LONGEST_FIRST = [...SIGNAL_KEY_TYPES].sort((a, b) => b.length - a.length);

/** `sender-key-120363…@g.us--5511…--0.json` → `{ type: 'sender-key', id: '120363…@g.us::5511…::0' }`; null if not a key file. */
export function parseAuthFileName(fileName: string): { type: SignalKeyType; id: string } | null {
  if (!fileName.endsWith('.json')) return null;
  const stem = fileName.slice(0, -'.json'.length);
  const type = TYPES_LONGEST_FIRST.find((t) => stem.startsWith(`${t}-`) && stem.length > t.length + 1);
  if (!type) return null;
  let id = stem.slice(type.length + 1).replace(/__/g, '/');
  if (type === 'sender-key') id = id.replace(/--/g, '::');
  return { type, id };
}

export async function importMultiFileAuthState(options: MultiFileImportOptions): Promise<MultiFileImportResult> {
  const { dir, secretBox: box, orgId, instanceId } = options;
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new AuthImportError('AUTH_FOLDER_INVALID', `Cannot read the auth folder ${dir}: ${error.code ?? error.message}`);
  });
  if (!names.includes('creds.json')) throw new AuthImportError('AUTH_FOLDER_INVALID', `No creds.json in ${dir}: not a Baileys multi-file auth folder`);

  const credsJson = await readFile(path.join(dir, 'creds.json'), 'utf8');
  let creds;
  try {
    creds = decodeCredsJson(credsJson);
  } catch {
    throw new AuthImportError('AUTH_FOLDER_INVALID', 'creds.json is not valid JSON');
  }
  if (!creds?.noiseKey?.private || !creds.signedIdentityKey?.private || !creds.advSecretKey) {
    throw new AuthImportError('AUTH_FOLDER_INVALID', 'creds.json lacks the noise key, identity key or ADV secret: not Baileys creds');
  }

  const changes: WaAuthChange[] = [{ type: CREDS_TYPE, id: CREDS_KEY_ID, value: sealCreds(box, instanceId, creds) }];
  const keys: Partial<Record<SignalKeyType, number>> = {};
  const skipped: string[] = [];
  for (const name of [...names].sort()) {
    if (name === 'creds.json') continue;
    const parsed = parseAuthFileName(name);
    if (!parsed) {
      skipped.push(name);
      continue;
    }
    const text = await readFile(path.join(dir, name), 'utf8');
    let value: unknown;
    try {
      value = decodeKeyJson(parsed.type, text);
    } catch {
      throw new AuthImportError('AUTH_FOLDER_INVALID', `${name} is not valid JSON`);
    }
    if (value === null || value === undefined) continue;
    changes.push({ type: parsed.type, id: parsed.id, value: sealKey(box, instanceId, parsed.type, parsed.id, value) });
    keys[parsed.type] = (keys[parsed.type] ?? 0) + 1;
  }

  await options.db.transaction().execute(async (trx) => {
    const instance = await trx
      .selectFrom('instances')
      .select('id')
      .where('id', '=', instanceId)
      .where('org_id', '=', orgId)
      .forUpdate()
      .executeTakeFirst();
    if (!instance) throw new AuthImportError('INSTANCE_NOT_FOUND', `No instance ${instanceId} in organization ${orgId}`);
    const repository = new WaAuthRepository(trx);
    if (await repository.hasCreds(instanceId)) {
      if (!options.replace) throw new AuthImportError('ALREADY_LINKED', `Instance ${instanceId} already has WhatsApp creds; pass replace to overwrite them`);
      await repository.deleteAll(instanceId);
    }
    await repository.writeBatch(orgId, instanceId, changes);
    await trx
      .updateTable('instances')
      .set({ auth_method: 'imported', updated_at: new Date((options.clock ?? systemClock).now()) })
      .where('id', '=', instanceId)
      .execute();
  });
  await options.cache?.delPrefix(authCachePrefix(instanceId));
  return { keys, skipped, meId: creds.me?.id ?? null };
}
