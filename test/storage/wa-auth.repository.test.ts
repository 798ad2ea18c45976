import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SecretBox } from '../../storage/secret-box.js';
import { CREDS_KEY_ID, CREDS_TYPE, WaAuthRepository } from '../../storage/wa-auth.repository.js';
import { describeEachEngine } from '../support/test-database.js';
import { seedWaInstance } from '../support/wa-auth-fixtures.js';

describeEachEngine('WaAuthRepository', (fx) => {
  const box = new SecretBox(randomBytes(32).toString('hex'));
  const sealed = (text: string) => box.seal(text);

  it('upserts and deletes a batch, reading back only what exists', async () => {
    const { orgId, instanceId } = await seedWaInstance(fx.handle.db);
    const repo = new WaAuthRepository(fx.handle.db);
    const a = sealed('a');
    await repo.writeBatch(orgId, instanceId, [
      { type: 'pre-key', id: '1', value: a },
      { type: 'pre-key', id: '2', value: sealed('b') },
      { type: CREDS_TYPE, id: CREDS_KEY_ID, value: sealed('creds') },
    ]);
    const b2 = sealed('b2');
    await repo.writeBatch(orgId, instanceId, [
      { type: 'pre-key', id: '2', value: b2 },
      { type: 'pre-key', id: '1', value: null },
      { type: 'pre-key', id: '3', value: sealed('never') },
      { type: 'pre-key', id: '3', value: null }, // the last change of a key wins
    ]);
    const found = await repo.get(instanceId, 'pre-key', ['1', '2', '3', '2']);
    expect([...found.entries()]).to.deep.equal([['2', b2]]);
    expect(await repo.hasCreds(instanceId)).to.equal(true);
    expect(box.open((await repo.getCreds(instanceId))!)).to.equal('creds');
    expect(await repo.countByType(instanceId)).to.deep.equal({ creds: 1, 'pre-key': 1 });
  });

  it('refuses a value that is not sealed, so no plaintext key reaches the table', async () => {
    const { orgId, instanceId } = await seedWaInstance(fx.handle.db);
    const repo = new WaAuthRepository(fx.handle.db);
    const error = await repo.writeBatch(orgId, instanceId, [{ type: 'session', id: '1.0', value: '{"plain":true}' }]).catch((e: unknown) => e);
    expect(error).to.include({ code: 'PLAINTEXT_AUTH_VALUE' });
    expect(await repo.countByType(instanceId)).to.deep.equal({});
  });

  it('writes a batch all-or-nothing: a failing row rolls back the deletes and upserts before it', async () => {
    const { orgId, instanceId } = await seedWaInstance(fx.handle.db);
    const repo = new WaAuthRepository(fx.handle.db);
    const keep = sealed('keep');
    await repo.writeBatch(orgId, instanceId, [{ type: 'session', id: 'old', value: keep }]);
    const error = await repo
      .writeBatch(orgId, instanceId, [
        { type: 'session', id: 'old', value: null },
        { type: 'session', id: 'new', value: sealed('new') },
        { type: 'session', id: 'bad\u0000id', value: sealed('x') }, // PostgreSQL text cannot hold NUL
      ])
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    expect([...(await repo.get(instanceId, 'session', ['old', 'new'])).entries()]).to.deep.equal([['old', keep]]);
  });

  it('throws when the instance does not exist (foreign key), writing nothing', async () => {
    const { orgId } = await seedWaInstance(fx.handle.db);
    const repo = new WaAuthRepository(fx.handle.db);
    const ghost = randomUUID();
    const error = await repo.writeBatch(orgId, ghost, [{ type: CREDS_TYPE, id: CREDS_KEY_ID, value: sealed('c') }]).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error).and.to.have.property('code', '23503');
    expect(await repo.hasCreds(ghost)).to.equal(false);
  });

  it('upserts a pre-key upload larger than one statement chunk in one transaction', async () => {
    const { orgId, instanceId } = await seedWaInstance(fx.handle.db);
    const repo = new WaAuthRepository(fx.handle.db);
    const value = sealed('k');
    const changes = Array.from({ length: 2100 }, (_, i) => ({ type: 'pre-key', id: String(i), value }));
    await repo.writeBatch(orgId, instanceId, changes);
    expect(await repo.countByType(instanceId)).to.deep.equal({ 'pre-key': 2100 });
  });

  it('deleteAll removes one instance\'s rows and no one else\'s', async () => {
    const a = await seedWaInstance(fx.handle.db, 'A');
    const b = await seedWaInstance(fx.handle.db, 'B');
    const repo = new WaAuthRepository(fx.handle.db);
    for (const { orgId, instanceId } of [a, b]) {
      await repo.writeBatch(orgId, instanceId, [
        { type: CREDS_TYPE, id: CREDS_KEY_ID, value: sealed('c') },
        { type: 'session', id: '1.0', value: sealed('s') },
      ]);
    }
    expect(await repo.deleteAll(a.instanceId)).to.equal(2);
    expect(await repo.hasCreds(a.instanceId)).to.equal(false);
    expect(await repo.hasCreds(b.instanceId)).to.equal(true);
  });
});
