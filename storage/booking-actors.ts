import type { Executor } from './executor.js';

/** Who booked or changed a booking, as the agenda shows it: "por Bia", "por Ana (cliente)". */
export type BookingActorKind = 'staff' | 'token' | 'admin' | 'customer' | 'system';

export interface BookingActor {
  kind: BookingActorKind;
  /** A person's name, or a pt-BR description of the credential ("Token da loja"). */
  name: string;
}

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
export async function resolveBookingActors(db: Executor, orgId: string, labels: Iterable<string | null | undefined>): Promise<Map<string, BookingActor>> {
  const distinct = [...new Set([...labels].filter((l): l is string => typeof l === 'string' && l.length > 0))];
  const ids = (kind: string) => distinct.map(split).filter((p) => p.kind === kind && UUID.test(p.id)).map((p) => p.id);
  const [userIds, contactIds] = [ids('staff'), ids('customer')];
  const [users, contacts] = await Promise.all([
    userIds.length ? db.selectFrom('users').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', userIds).execute() : [],
    contactIds.length ? db.selectFrom('contacts').select(['id', 'name']).where('org_id', '=', orgId).where('id', 'in', contactIds).execute() : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const contactName = new Map(contacts.map((c) => [c.id, c.name]));
  const resolved = new Map<string, BookingActor>();
  for (const label of distinct) {
    const { kind, id } = split(label);
    switch (kind) {
      case 'staff':
        resolved.set(label, { kind: 'staff', name: userName.get(id) ?? 'Equipe' });
        break;
      case 'org-token':
        resolved.set(label, { kind: 'token', name: 'Token da loja' });
        break;
      case 'admin-token':
      case 'admin':
        resolved.set(label, { kind: 'admin', name: 'Administrador' });
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
