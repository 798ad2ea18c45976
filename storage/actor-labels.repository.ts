import type { Executor } from './executor.js';

/** Names an operator reads beside the ids in actor addresses. */
export interface ActorLabels {
  orgs: Record<string, string>;
  instances: Record<string, { name: string; phone: string | null }>;
  contacts: Record<string, { name: string | null; phone: string | null }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The shops, numbers and customers named by these ids (ids that are not UUIDs name nothing stored). */
export async function findActorLabels(db: Executor, ids: { orgIds: Iterable<string>; instanceIds: Iterable<string>; contactIds: Iterable<string> }): Promise<ActorLabels> {
  const uuids = (values: Iterable<string>) => [...new Set(values)].filter((id) => UUID.test(id));
  const [orgIds, instanceIds, contactIds] = [uuids(ids.orgIds), uuids(ids.instanceIds), uuids(ids.contactIds)];
  const [orgs, instances, contacts] = await Promise.all([
    orgIds.length ? db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [],
    instanceIds.length ? db.selectFrom('instances').select(['id', 'name', 'phone']).where('id', 'in', instanceIds).execute() : [],
    contactIds.length ? db.selectFrom('contacts').select(['id', 'name', 'phone']).where('id', 'in', contactIds).execute() : [],
  ]);
  return {
    orgs: Object.fromEntries(orgs.map((o) => [o.id, o.name])),
    instances: Object.fromEntries(instances.map((i) => [i.id, { name: i.name, phone: i.phone }])),
    contacts: Object.fromEntries(contacts.map((c) => [c.id, { name: c.name, phone: c.phone }])),
  };
}
