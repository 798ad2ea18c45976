import { parseAddress } from '../actors/addresses.js';
import type { ActorLabels } from '../storage/actor-labels.repository.js';
import type { ActorNode } from './actor-node.js';

/** The ids the addresses of these trees name, by kind. */
export function idsInTrees(trees: readonly ActorNode[]): { orgIds: Set<string>; instanceIds: Set<string>; contactIds: Set<string> } {
  const ids = { orgIds: new Set<string>(), instanceIds: new Set<string>(), contactIds: new Set<string>() };
  const walk = (node: ActorNode) => {
    const address = parseAddress(node.address);
    if (address && 'orgId' in address) ids.orgIds.add(address.orgId);
    if (address?.kind === 'session') ids.instanceIds.add(address.instanceId);
    if (address?.kind === 'conversation') ids.contactIds.add(address.contactId);
    node.children.forEach(walk);
  };
  trees.forEach(walk);
  return ids;
}

/**
 * The tree cut down to one shop: its actors with their subtrees, and the supervisors above them
 * (so the shape stays readable); the root stays even when the shop has nothing on this node.
 */
export function treeOfOrg(node: ActorNode, orgId: string): ActorNode | undefined {
  const address = parseAddress(node.address);
  if (address && 'orgId' in address) return address.orgId === orgId ? node : undefined;
  const children = node.children.map((child) => treeOfOrg(child, orgId)).filter((child): child is ActorNode => child !== undefined);
  return children.length > 0 || node.address === 'root' ? { ...node, children } : undefined;
}

/** A short pt-BR label for an actor, from the names of what its address points at ('' when none). */
export function labelOf(address: string, labels: ActorLabels): string {
  const parsed = parseAddress(address);
  if (!parsed || !('orgId' in parsed)) return '';
  const shop = labels.orgs[parsed.orgId] ?? '';
  if (parsed.kind === 'session') {
    const number = labels.instances[parsed.instanceId];
    return number ? `${shop} · ${number.name}${number.phone ? ` (${number.phone})` : ''}` : shop;
  }
  if (parsed.kind === 'conversation') {
    const contact = labels.contacts[parsed.contactId];
    return contact ? `${shop} · ${contact.name ?? 'cliente sem nome'}${contact.phone ? ` (${contact.phone})` : ''}` : shop;
  }
  return shop;
}
