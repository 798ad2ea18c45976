import { expect } from 'chai';
import {
  addressType,
  auroraAddress,
  conversationAddress,
  conversationsAddress,
  formatAddress,
  InvalidAddressError,
  orgAddress,
  orgIdOfOrgAddress,
  parseAddress,
  parseAuroraKey,
  parseConversationKey,
  parseSessionKey,
  sessionAddress,
  sessionsAddress,
  type ActorAddress,
} from '../../actors/addresses.js';

const ORG = '4f1c2a9e-0b7d-4c1e-9a53-2d8e6f0b1c3a';
const CONTACT = '9b2e7d41-5c3a-4f8e-8d10-7a6b5c4d3e2f';

describe('actor addresses', () => {
  it('builds the addresses the supervision tree uses', () => {
    expect(orgAddress(ORG)).to.equal(`org/${ORG}`);
    expect(sessionsAddress('o1')).to.equal('sessions/o1');
    expect(conversationsAddress('o1')).to.equal('conversations/o1');
    expect(auroraAddress('o1')).to.equal('aurora/o1');
    expect(sessionAddress('o1', 'i1')).to.equal('session/o1/i1');
    expect(conversationAddress(ORG, CONTACT)).to.equal(`conversation/${ORG}/${CONTACT}`);
  });

  it('reads back every kind of address it builds', () => {
    const all: ActorAddress[] = [
      { kind: 'root' },
      { kind: 'orgs' },
      { kind: 'edge' },
      { kind: 'org', orgId: ORG },
      { kind: 'sessions', orgId: ORG },
      { kind: 'conversations', orgId: ORG },
      { kind: 'aurora', orgId: ORG },
      { kind: 'session', orgId: ORG, instanceId: 'instance-1' },
      { kind: 'conversation', orgId: ORG, contactId: '5511999990000' },
    ];
    for (const address of all) expect(parseAddress(formatAddress(address)), formatAddress(address)).to.deep.equal(address);
  });

  it('keeps ids with unexpected but harmless characters intact', () => {
    for (const id of ['ção', 'a:b', 'a.b', 'a%2Fb', 'org-🐶', 'x'.repeat(200)]) {
      expect(parseAddress(conversationAddress(id, id))).to.deep.equal({ kind: 'conversation', orgId: id, contactId: id });
    }
  });

  it('refuses to build an address from an id that would name another actor or hide in a log', () => {
    for (const id of ['', 'a/b', '/', 'a b', 'tab\there', 'line\nbreak', 'nul\u0000', '\u007f']) {
      expect(() => conversationAddress('o1', id), JSON.stringify(id)).to.throw(InvalidAddressError).with.property('code', 'INVALID_ADDRESS');
      expect(() => auroraAddress(id), JSON.stringify(id)).to.throw(InvalidAddressError);
    }
    expect(() => sessionAddress(undefined as unknown as string, 'i1')).to.throw(InvalidAddressError);
  });

  it('answers undefined for strings that are not one of the product actors', () => {
    for (const s of ['', 'org', 'org/', '/org/o1', 'org/o1/', 'org/o1/x', 'aurora', 'session/o1', 'session/o1/i1/x', 'conversation//c1', 'conversation/o1/c 1', 'chat/o1', 'edge/x', 'Org/o1', '__proto__/o1', 'constructor']) {
      expect(parseAddress(s), s).to.equal(undefined);
    }
    expect(parseAddress(42 as unknown as string)).to.equal(undefined);
  });

  it('finds the org of an org supervisor address only', () => {
    expect(orgIdOfOrgAddress('org/o1')).to.equal('o1');
    expect(orgIdOfOrgAddress('orgs')).to.equal(undefined);
    expect(orgIdOfOrgAddress('aurora/o1')).to.equal(undefined);
    expect(orgIdOfOrgAddress('org/o1/x')).to.equal(undefined);
  });

  it('names the actor type of any address, for metrics labels', () => {
    expect(addressType('conversation/o1/c1')).to.equal('conversation');
    expect(addressType('edge')).to.equal('edge');
  });

  it('reads the spawn keys the actors receive, and refuses malformed ones', () => {
    expect(parseSessionKey('o1/i1')).to.deep.equal({ orgId: 'o1', instanceId: 'i1' });
    expect(parseConversationKey(`${ORG}/${CONTACT}`)).to.deep.equal({ orgId: ORG, contactId: CONTACT });
    expect(parseAuroraKey('o1')).to.deep.equal({ orgId: 'o1' });
    for (const key of [undefined, '', 'o1', 'o1/', '/i1', 'o1/i1/x', 'o1/i 1']) {
      expect(() => parseSessionKey(key), String(key)).to.throw(InvalidAddressError);
      expect(() => parseConversationKey(key), String(key)).to.throw(InvalidAddressError);
    }
    for (const key of [undefined, '', 'o1/x', ' ']) expect(() => parseAuroraKey(key), String(key)).to.throw(InvalidAddressError);
  });
});

describe('actor addresses and actors.json', () => {
  it('names only actor types the manifest declares', async () => {
    const { readFile } = await import('node:fs/promises');
    const manifest = JSON.parse(await readFile(new URL('../../actors.json', import.meta.url), 'utf8')) as { actors: Record<string, unknown> };
    const kinds: ActorAddress['kind'][] = ['root', 'orgs', 'edge', 'org', 'sessions', 'conversations', 'aurora', 'session', 'conversation'];
    for (const kind of kinds) expect(Object.keys(manifest.actors), kind).to.include(kind);
  });
});
