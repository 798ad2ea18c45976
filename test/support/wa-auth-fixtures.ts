import { randomBytes } from 'node:crypto';
import { initAuthCreds, proto, type AuthenticationCreds, type SignalDataSet } from '@whiskeysockets/baileys';
import type { Executor } from '../../storage/executor.js';
import { repositories } from '../../storage/repositories.js';
import { FIXTURE_TIME } from './fake-clock.js';

/** A tenant with one Baileys number: what every wa_auth row must point at. */
export async function seedWaInstance(db: Executor, name = 'Pet Shop Auth'): Promise<{ orgId: string; instanceId: string }> {
  const repos = repositories(db);
  const org = await repos.organizations.create({ name }, FIXTURE_TIME);
  const instance = await repos.instances.create({ orgId: org.id, name: 'Principal', transport: 'baileys', createdAt: FIXTURE_TIME });
  return { orgId: org.id, instanceId: instance.id };
}

/** Creds of a linked device: fresh keys plus what pairing adds (me, account, identities). */
export function linkedCreds(): AuthenticationCreds {
  const creds = initAuthCreds();
  creds.me = { id: '5511987654321:12@s.whatsapp.net', lid: '123456789012345:12@lid', name: 'Patinha Pet Shop' };
  creds.account = {
    details: randomBytes(40),
    accountSignatureKey: randomBytes(32),
    accountSignature: randomBytes(64),
    deviceSignature: randomBytes(64),
  };
  creds.signalIdentities = [{ identifier: { name: '5511987654321:12@s.whatsapp.net', deviceId: 0 }, identifierKey: randomBytes(33) }];
  creds.platform = 'android';
  creds.registered = true;
  creds.routingInfo = randomBytes(12);
  return creds;
}

/** One value of every Signal key type Baileys 7 stores, shaped as Baileys writes them; `n` varies the content. */
export function everyKeyType(n = 1): SignalDataSet {
  const bytes = (length: number) => Buffer.concat([Buffer.from([n & 0xff]), randomBytes(length - 1)]);
  return {
    'pre-key': { [String(n)]: { public: bytes(32), private: bytes(32) } },
    session: { [`5511987654321.${n}`]: bytes(180) },
    'sender-key': { [`120363025246125888@g.us::5511987654321::${n}`]: bytes(120) },
    'sender-key-memory': { '120363025246125888@g.us': { [`5511987654321:${n}@s.whatsapp.net`]: true } },
    'app-state-sync-key': {
      [`AAAAAB${n}Q==`]: proto.Message.AppStateSyncKeyData.fromObject({
        keyData: bytes(32),
        fingerprint: { rawId: n, currentIndex: 2, deviceIndexes: [0, 1] },
        timestamp: 1_700_000_000 + n,
      }),
    },
    'app-state-sync-version': {
      regular_high: { version: n, hash: bytes(128), indexValueMap: { [`mac${n}/+=`]: { valueMac: bytes(32) } } },
    },
    'lid-mapping': { '5511987654321': `12345678901234${n % 10}`, [`12345678901234${n % 10}_reverse`]: '5511987654321' },
    'device-list': { '5511987654321': ['0', String(n)] },
    tctoken: { '123456789012345@lid': { token: bytes(24), timestamp: String(1_700_000_000 + n) } },
    'identity-key': { [`123456789012345_1.${n}`]: bytes(33) },
  };
}
