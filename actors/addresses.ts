/**
 * Every actor address of the product, built and read in one place (the shape of the tree is in
 * actors.json). An address is `type` or `type/key…`; a key segment is an id from the database
 * (a UUID in production, short names in tests). Ids are checked when an address is built: an id
 * holding `/` would silently name another actor, so it is refused instead.
 */

/** An id that cannot be one segment of an address (empty, or holds `/`, whitespace or a control character). A bug, never user input. */
export class InvalidAddressError extends Error {
  readonly code = 'INVALID_ADDRESS';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidAddressError';
  }
}

export type ActorAddress =
  | { kind: 'root' }
  | { kind: 'orgs' }
  | { kind: 'edge' }
  | { kind: 'org'; orgId: string }
  | { kind: 'sessions'; orgId: string }
  | { kind: 'conversations'; orgId: string }
  | { kind: 'aurora'; orgId: string }
  | { kind: 'shop'; orgId: string }
  | { kind: 'session'; orgId: string; instanceId: string }
  | { kind: 'conversation'; orgId: string; contactId: string };

export type ActorKind = ActorAddress['kind'];

// No `/` (the separator), no whitespace or control characters (they would hide in logs and the dashboard).
const SEGMENT = /^[^/\s\p{Cc}]+$/u;

export const isAddressSegment = (id: string): boolean => SEGMENT.test(id);

function segment(what: string, id: string): string {
  if (typeof id !== 'string' || !isAddressSegment(id)) throw new InvalidAddressError(`${what} ${JSON.stringify(id)} cannot be part of an actor address`);
  return id;
}

export const ROOT_ADDRESS = 'root';
export const ORGS_ADDRESS = 'orgs';
export const EDGE_ADDRESS = 'edge';

export const orgAddress = (orgId: string) => `org/${segment('org id', orgId)}`;
export const sessionsAddress = (orgId: string) => `sessions/${segment('org id', orgId)}`;
export const conversationsAddress = (orgId: string) => `conversations/${segment('org id', orgId)}`;
export const auroraAddress = (orgId: string) => `aurora/${segment('org id', orgId)}`;
export const shopAddress = (orgId: string) => `shop/${segment('org id', orgId)}`;
export const sessionAddress = (orgId: string, instanceId: string) => `session/${sessionKey(orgId, instanceId)}`;
export const conversationAddress = (orgId: string, contactId: string) => `conversation/${conversationKey(orgId, contactId)}`;

/** The key a dynamic supervisor gives the actor: its address without the type. */
export const sessionKey = (orgId: string, instanceId: string) => `${segment('org id', orgId)}/${segment('instance id', instanceId)}`;
export const conversationKey = (orgId: string, contactId: string) => `${segment('org id', orgId)}/${segment('contact id', contactId)}`;

/** Builds the address of any actor; the inverse of `parseAddress`. */
export function formatAddress(address: ActorAddress): string {
  switch (address.kind) {
    case 'root':
      return ROOT_ADDRESS;
    case 'orgs':
      return ORGS_ADDRESS;
    case 'edge':
      return EDGE_ADDRESS;
    case 'org':
      return orgAddress(address.orgId);
    case 'sessions':
      return sessionsAddress(address.orgId);
    case 'conversations':
      return conversationsAddress(address.orgId);
    case 'aurora':
      return auroraAddress(address.orgId);
    case 'shop':
      return shopAddress(address.orgId);
    case 'session':
      return sessionAddress(address.orgId, address.instanceId);
    case 'conversation':
      return conversationAddress(address.orgId, address.contactId);
  }
}

const SINGLETONS = { root: 'root', orgs: 'orgs', edge: 'edge' } as const;
const PER_ORG = { org: 'org', sessions: 'sessions', conversations: 'conversations', aurora: 'aurora', shop: 'shop' } as const;

/** What an address names, or undefined when it is not one of the product's actors (a typo, an extra segment, a bad id). */
export function parseAddress(address: string): ActorAddress | undefined {
  if (typeof address !== 'string') return undefined;
  const [type = '', ...ids] = address.split('/');
  if (!ids.every(isAddressSegment)) return undefined;
  if (ids.length === 0 && Object.hasOwn(SINGLETONS, type)) return { kind: SINGLETONS[type as keyof typeof SINGLETONS] };
  if (ids.length === 1 && Object.hasOwn(PER_ORG, type)) return { kind: PER_ORG[type as keyof typeof PER_ORG], orgId: ids[0]! };
  if (ids.length === 2 && type === 'session') return { kind: 'session', orgId: ids[0]!, instanceId: ids[1]! };
  if (ids.length === 2 && type === 'conversation') return { kind: 'conversation', orgId: ids[0]!, contactId: ids[1]! };
  return undefined;
}

/** The actor type of an address (`conversation` for `conversation/o1/c1`), for metrics labels; any address works. */
export const addressType = (address: string): string => address.split('/')[0] ?? address;

/** The org of an `org/<org>` address (the org's supervisor), else undefined. */
export function orgIdOfOrgAddress(address: string): string | undefined {
  const parsed = parseAddress(address);
  return parsed?.kind === 'org' ? parsed.orgId : undefined;
}

/** The session actor's spawn key, `<org>/<instance>`. Throws: a session spawned with another key is a bug. */
export function parseSessionKey(key: unknown): { orgId: string; instanceId: string } {
  const parsed = parseAddress(`session/${String(key ?? '')}`);
  if (parsed?.kind !== 'session') throw new InvalidAddressError(`session key must be <org>/<instance>, got ${String(key)}`);
  return { orgId: parsed.orgId, instanceId: parsed.instanceId };
}

/** The conversation actor's spawn key, `<org>/<contact>`. Throws like `parseSessionKey`. */
export function parseConversationKey(key: unknown): { orgId: string; contactId: string } {
  const parsed = parseAddress(`conversation/${String(key ?? '')}`);
  if (parsed?.kind !== 'conversation') throw new InvalidAddressError(`conversation key must be <org>/<contact>, got ${String(key)}`);
  return { orgId: parsed.orgId, contactId: parsed.contactId };
}

/** Aurora's spawn key, `<org>`. Throws like `parseSessionKey`. */
export function parseAuroraKey(key: unknown): { orgId: string } {
  const parsed = parseAddress(`aurora/${String(key ?? '')}`);
  if (parsed?.kind !== 'aurora') throw new InvalidAddressError(`aurora key must be <org>, got ${String(key)}`);
  return { orgId: parsed.orgId };
}

/** The shop actor's spawn key, `<org>`. Throws like `parseSessionKey`. */
export function parseShopKey(key: unknown): { orgId: string } {
  const parsed = parseAddress(`shop/${String(key ?? '')}`);
  if (parsed?.kind !== 'shop') throw new InvalidAddressError(`shop key must be <org>, got ${String(key)}`);
  return { orgId: parsed.orgId };
}
