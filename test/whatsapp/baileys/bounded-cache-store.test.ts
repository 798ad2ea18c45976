import { expect } from 'chai';
import { BoundedCacheStore } from '../../../whatsapp/baileys/bounded-cache-store.js';

describe('BoundedCacheStore', () => {
  it('evicts the least recently used entry past its bound; a read counts as a use', () => {
    const store = new BoundedCacheStore(2);
    store.set('a', 1);
    store.set('b', 2);
    expect(store.get('a')).to.equal(1);
    store.set('c', 3);
    expect(store.get('b')).to.equal(undefined);
    expect(store.get('a')).to.equal(1);
    expect(store.get('c')).to.equal(3);
    expect(store.size).to.equal(2);
  });

  it('keeps a cached null apart from a miss (Baileys caches deletions as null)', () => {
    const store = new BoundedCacheStore(10);
    store.set('gone', null);
    expect(store.get('gone')).to.equal(null);
    expect(store.get('never')).to.equal(undefined);
    store.del('gone');
    expect(store.get('gone')).to.equal(undefined);
    store.set('x', 1);
    store.flushAll();
    expect(store.size).to.equal(0);
  });
});
