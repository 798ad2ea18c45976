import { expect } from 'chai';
import { orgsToAcquire, ownerOf, placeOrgs, placementHash } from '../../domain/org-placement.js';

const orgIds = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const nodes = ['node-a', 'node-b', 'node-c'];

describe('org placement (rendezvous hashing)', () => {
  it('is deterministic and independent of the order nodes are listed in', () => {
    expect(placementHash('node-a\u0000org')).to.equal(placementHash('node-a\u0000org'));
    const one = placeOrgs(orgIds, nodes);
    const other = placeOrgs(orgIds, [...nodes].reverse());
    expect([...other]).to.have.deep.members([...one]);
  });

  it('places every org on exactly one node and gives each of 3 nodes some of 20 orgs', () => {
    const perNode = nodes.map((node) => orgsToAcquire(node, nodes, orgIds));
    for (const orgs of perNode) expect(orgs.length).to.be.greaterThan(2);
    expect(perNode.flat()).to.have.members(orgIds);
    expect(perNode.flat()).to.have.length(orgIds.length);
  });

  it('spreads many orgs evenly', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `org-${i}`);
    const counts = new Map<string, number>();
    for (const owner of placeOrgs(many, nodes).values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    for (const node of nodes) expect(counts.get(node)).to.be.within(850, 1150);
  });

  it('moves only the leaving node\'s orgs when a node leaves, and only orgs to the newcomer when one joins', () => {
    const before = placeOrgs(orgIds, nodes);
    const after = placeOrgs(orgIds, ['node-a', 'node-c']);
    for (const org of orgIds) {
      if (before.get(org) !== 'node-b') expect(after.get(org), org).to.equal(before.get(org));
      else expect(after.get(org)).to.be.oneOf(['node-a', 'node-c']);
    }
    const joined = placeOrgs(orgIds, [...nodes, 'node-d']);
    for (const org of orgIds) expect(joined.get(org)).to.be.oneOf([before.get(org), 'node-d']);
  });

  it('counts the asking node as live even when membership does not list it yet', () => {
    expect(orgsToAcquire('node-a', [], orgIds)).to.deep.equal(orgIds);
    expect(orgsToAcquire('node-d', nodes, orgIds)).to.deep.equal(orgIds.filter((o) => ownerOf(o, [...nodes, 'node-d']) === 'node-d'));
  });

  it('has no owner without live nodes', () => {
    expect(ownerOf(orgIds[0]!, [])).to.equal(undefined);
    expect(placeOrgs(orgIds, []).size).to.equal(0);
  });
});
