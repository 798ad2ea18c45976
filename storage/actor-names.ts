import type { Executor } from './executor.js';

/**
 * Who did something, as the dashboard names it: the author of a staff reply ("Bia · 10:32"), who
 * booked or changed a booking ("por Bia", "por Ana (cliente)"), who is behind an audit entry.
 */
export type ActorKind = 'staff' | 'token' | 'admin' | 'customer' | 'system';

export interface ActorName {
  kind: ActorKind;
  /** A person's name, or a pt-BR description of the credential ("Equipe (token da loja)"). */
  name: string;
}

export const TOKEN_ACTOR_NAME = 'Equipe (token da loja)';
export const ADMIN_ACTOR_NAME = 'Administração do Patinha';
/** A staff label whose account is not (or no longer) among the shop's users. */
export const UNKNOWN_STAFF_NAME = 'Equipe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function split(label: string): { kind: string; id: string } {
  const at = label.indexOf(':');
  return at < 0 ? { kind: label, id: '' } : { kind: label.slice(0, at), id: label.slice(at + 1) };
}

/**
 * Turns stored actor labels (`staff:<userId>`, `org-token:<fingerprint>`, `admin-token:…`,
 * `customer:<contactId>`) into names, reading only this org's people: a label naming someone of
 * another org resolves like an unknown one, never to their name.
 */
export async function resolveActorNames(db: Executor, orgId: string, labels: Iterable<string | null | undefined>): Promise<Map<string, ActorName>> {
  const distinct = [...new Set([...labels].filter((l): l is string => typeof l === 'string' && l.length > 0))];
  const ids = (kind: string) => distinct.map(split).filter((p) => p.kind === kind && UUID.test(p.id)).map((p) => p.id);
  const [userIds, contactIds] = [ids('staff'), ids('customer')];
  const [users, contacts] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', userIds).execute() : [],
    contactIds.length ? db.selectFrom('contacts').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', contactIds).execute() : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const contactName = new Map(contacts.map((c) => [c.id, c.name]));
  const resolved = new Map<string, ActorName>();
  for (const label of distinct) {
    const { kind, id } = split(label);
    switch (kind) {
      case 'staff':
        resolved.set(label, { kind: 'staff', name: userName.get(id) ?? UNKNOWN_STAFF_NAME });
        break;
      case 'org-token':
        resolved.set(label, { kind: 'token', name: TOKEN_ACTOR_NAME });
        break;
      case 'admin-token':
      case 'admin':
        resolved.set(label, { kind: 'admin', name: ADMIN_ACTOR_NAME });
        break;
      case 'customer':
        resolved.set(label, { kind: 'customer', name: contactName.get(id) || 'Cliente' });
        break;
      default:
        resolved.set(label, { kind: 'system', name: 'Patinha' });
    }
  }
  return resolved;
}
