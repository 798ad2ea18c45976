import { expect } from 'chai';
import { hashToken } from '../../storage/api-tokens.js';
import { hashPassword, verifyPassword } from '../../storage/passwords.js';
import { repositories } from '../../storage/repositories.js';
import { UsersRepository } from '../../storage/users.repository.js';
import { FIXTURE_TIME } from '../support/fake-clock.js';
import { describeEachEngine } from '../support/test-database.js';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(FIXTURE_TIME.getTime() + hours * HOUR);

describe('passwords', () => {
  it('hash with a per-user salt and verify only the right password, whatever its case or form', async () => {
    const a = await hashPassword('Senha-da-loja-1');
    const b = await hashPassword('Senha-da-loja-1');
    expect(a).to.match(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a, 'a new salt each time').to.not.equal(b);
    expect(await verifyPassword('Senha-da-loja-1', a)).to.equal(true);
    expect(await verifyPassword('senha-da-loja-1', a)).to.equal(false);
    expect(await verifyPassword('Cafe\u0301-com-leite', await hashPassword('Café-com-leite')), 'the same text in another Unicode form').to.equal(true);
    expect(await verifyPassword('x', 'not-a-hash')).to.equal(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$c2FsdA$aGFzaA')).to.equal(false);
  });
});

describeEachEngine('UsersRepository', (fx) => {
  async function shop(name = 'Pet Shop') {
    const org = await repositories(fx.handle.db).organizations.create({ name }, FIXTURE_TIME);
    return { org, users: new UsersRepository(fx.handle.db) };
  }

  it('keeps one account per e-mail, case aside, and lists a shop\'s people only', async () => {
    const { org, users } = await shop();
    const other = await shop('Outra');
    const owner = await users.create({ orgId: org.id, email: ' Dona@PetShop.com.br ', name: 'Dona Ana', role: 'owner' }, FIXTURE_TIME);
    expect(owner).to.include({ email: 'dona@petshop.com.br', role: 'owner', active: false });
    try {
      await other.users.create({ orgId: other.org.id, email: 'DONA@petshop.com.br', name: 'Outra Ana', role: 'staff' }, FIXTURE_TIME);
      expect.fail('the e-mail is taken');
    } catch (error) {
      expect((error as { code?: string }).code).to.equal('EMAIL_TAKEN');
    }
    await users.create({ orgId: other.org.id, email: 'bia@outra.com', name: 'Bia', role: 'staff' }, FIXTURE_TIME);
    expect((await users.listByOrg(org.id)).map((u) => u.name)).to.deep.equal(['Dona Ana']);
    expect(await users.findById(other.org.id, owner.id), 'another shop\'s id').to.equal(undefined);
  });

  it('uses an invite link once, before it expires, ending the account\'s sessions and older links', async () => {
    const { org, users } = await shop();
    const staff = await users.create({ orgId: org.id, email: 'bia@petshop.com', name: 'Bia', role: 'staff' }, FIXTURE_TIME);
    await users.createLink({ tokenHash: hashToken('old-link'), kind: 'invite', orgId: org.id, userId: staff.id, createdBy: 'owner' }, at(0), at(48));
    await users.createLink({ tokenHash: hashToken('new-link'), kind: 'invite', orgId: org.id, userId: staff.id, createdBy: 'owner' }, at(1), at(49));
    expect(await users.useLink(hashToken('new-link'), 'scrypt$hash', at(50)), 'expired').to.equal(undefined);
    const used = await users.useLink(hashToken('new-link'), 'scrypt$hash', at(2));
    expect(used).to.include({ id: staff.id, active: true });
    expect(await users.useLink(hashToken('new-link'), 'scrypt$other', at(3)), 'used once').to.equal(undefined);
    expect(await users.useLink(hashToken('old-link'), 'scrypt$other', at(3)), 'older links end with it').to.equal(undefined);
    expect((await users.findForSignIn('BIA@petshop.com'))!.passwordHash).to.equal('scrypt$hash');
  });

  it('finds a live session\'s account; expiry, sign-out everywhere and disabling end them', async () => {
    const { org, users } = await shop();
    const staff = await users.create({ orgId: org.id, email: 'caio@petshop.com', name: 'Caio', role: 'staff' }, FIXTURE_TIME);
    await users.setPassword(org.id, staff.id, await hashPassword('uma senha comprida'));
    await users.createSession(hashToken('s1'), staff, at(0), at(12));
    await users.createSession(hashToken('s2'), staff, at(0), at(12));
    expect((await users.findSession(hashToken('s1'), at(1)))?.id).to.equal(staff.id);
    expect(await users.findSession(hashToken('s1'), at(12)), 'expired').to.equal(undefined);
    expect(await users.deleteSessionsOf(org.id, staff.id)).to.equal(2);
    expect(await users.findSession(hashToken('s2'), at(1))).to.equal(undefined);
    await users.createSession(hashToken('s3'), staff, at(2), at(14));
    await users.disable(org.id, staff.id, at(3));
    expect(await users.findSession(hashToken('s3'), at(4))).to.equal(undefined);
    expect(await users.findForSignIn('caio@petshop.com'), 'a disabled account cannot sign in').to.equal(undefined);
  });
});
