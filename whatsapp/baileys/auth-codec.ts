import { BufferJSON, proto, type AuthenticationCreds, type SignalDataTypeMap } from '@whiskeysockets/baileys';
import { CREDS_KEY_ID, CREDS_TYPE } from '../../storage/wa-auth.repository.js';
import type { SecretBox } from '../../storage/secret-box.js';

/**
 * How creds and Signal keys become `wa_auth` values and back: JSON with
 * Baileys' BufferJSON (Buffers as base64), sealed with the secret box under a
 * context naming the row, so a value only opens where it was written.
 */
export type SignalKeyType = keyof SignalDataTypeMap;

/** Every key type Baileys 7 stores; v7 added lid-mapping, device-list, tctoken and identity-key. */
export const SIGNAL_KEY_TYPES = [
  'pre-key',
  'session',
  'sender-key',
  'sender-key-memory',
  'app-state-sync-key',
  'app-state-sync-version',
  'lid-mapping',
  'device-list',
  'tctoken',
  'identity-key',
] as const satisfies readonly SignalKeyType[];

// Fails to compile if a Baileys upgrade adds a key type this list does not know.
type UnlistedKeyType = Exclude<SignalKeyType, (typeof SIGNAL_KEY_TYPES)[number]>;
const EVERY_KEY_TYPE_LISTED: [UnlistedKeyType] extends [never] ? true : never = true;
void EVERY_KEY_TYPE_LISTED;

const KEY_TYPE_SET: ReadonlySet<string> = new Set(SIGNAL_KEY_TYPES);

export function isSignalKeyType(type: string): type is SignalKeyType {
  return KEY_TYPE_SET.has(type);
}

export function encodeAuthJson(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

export function decodeCredsJson(json: string): AuthenticationCreds {
  return JSON.parse(json, BufferJSON.reviver) as AuthenticationCreds;
}

export function decodeKeyJson<T extends SignalKeyType>(type: T, json: string): SignalDataTypeMap[T] {
  const value: unknown = JSON.parse(json, BufferJSON.reviver);
  // Baileys expects the protobuf class here (it calls methods on it), not the plain object JSON gives back.
  if (type === 'app-state-sync-key') {
    return proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>) as unknown as SignalDataTypeMap[T];
  }
  return value as SignalDataTypeMap[T];
}

/** The GCM additional data of a row: the value is bound to its instance, type and key id. */
export function authValueContext(instanceId: string, type: string, id: string): string {
  return `wa_auth/${instanceId}/${type}/${id}`;
}

export function sealCreds(box: SecretBox, instanceId: string, creds: AuthenticationCreds): string {
  return box.seal(encodeAuthJson(creds), authValueContext(instanceId, CREDS_TYPE, CREDS_KEY_ID));
}

export function openCreds(box: SecretBox, instanceId: string, sealed: string): AuthenticationCreds {
  return decodeCredsJson(box.open(sealed, authValueContext(instanceId, CREDS_TYPE, CREDS_KEY_ID)));
}

export function sealKey(box: SecretBox, instanceId: string, type: SignalKeyType, id: string, value: unknown): string {
  return box.seal(encodeAuthJson(value), authValueContext(instanceId, type, id));
}

export function openKey<T extends SignalKeyType>(box: SecretBox, instanceId: string, type: T, id: string, sealed: string): SignalDataTypeMap[T] {
  return decodeKeyJson(type, box.open(sealed, authValueContext(instanceId, type, id)));
}
