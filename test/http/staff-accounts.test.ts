import { expect } from 'chai';
import { StaffAccounts, INVITE_TTL_MS } from '../../http/staff-accounts.js';
import { repositories } from '../../storage/repositories.js';
import { UsersRepository } from '../../storage/users.repository.js';
import { FakeClock, FIXTURE_TIME } from '../support/fake-clock.js';
import { describeEachEngine } from '../support/test-database.js';
import { codeOf } from '../support/error-code.js';


describeEachEngine('StaffAccounts', (fx) => {
  it('invites, accepts once, signs in with the password only, and signs out everywhere', async () => {
    const clock = new FakeClock(FIXTURE_TIME.getTime());
    const org = await repositories(fx.handle.db).organizations.create({ name: 'Pet Shop' }, FIXTURE_TIME);
    const accounts = new StaffAccounts(new UsersRepository(fx.handle.db), clock);
    const invited = await accounts.invite(org.id, { email: 'bia@petshop.com', name: 'Bia', role: 'staff' }, 'owner:dona');
    expect(invited.token).to.match(/^lnk_/);
    expect(invited.expiresAt.getTime() - clock.now()).to.equal(INVITE_TTL_MS);
    expect(await codeOf(accounts.signIn('bia@petshop.com', 'qualquer coisa')), 'no password yet').to.equal('INVALID_CREDENTIALS');

    expect(await codeOf(accounts.useLink(invited.token, 'curta')), 'too short').to.equal('VALIDATION_FAILED');
    await accounts.useLink(invited.token, 'banho e tosa 2026');
    expect(await codeOf(accounts.useLink(invited.token, 'outra senha longa')), 'used once').to.equal('LINK_EXPIRED');

    expect(await codeOf(accounts.signIn('bia@petshop.com', 'banho e tosa 2025'))).to.equal('INVALID_CREDENTIALS');
    expect(await codeOf(accounts.signIn('ninguem@petshop.com', 'banho e tosa 2026'))).to.equal('INVALID_CREDENTIALS');
    const first = await accounts.signIn('BIA@petshop.com', 'banho e tosa 2026');
    const second = await accounts.signIn('bia@petshop.com', 'banho e tosa 2026');
    expect((await accounts.whoIs(first.token))).to.include({ name: 'Bia', role: 'staff', orgId: org.id });
    expect(await accounts.whoIs('pat_not-a-session')).to.equal(undefined);

    await accounts.signOut(first.token);
    expect(await accounts.whoIs(first.token)).to.equal(undefined);
    expect(await accounts.whoIs(second.token)).to.not.equal(undefined);
    expect(await accounts.signOutEverywhere(first.user)).to.equal(1);
    expect(await accounts.whoIs(second.token)).to.equal(undefined);

    // A reset link from the owner: the new password works, the old one and its sessions do not.
    const session = await accounts.signIn('bia@petshop.com', 'banho e tosa 2026');
    const reset = await accounts.resetLink(first.user, 'owner:dona');
    await clock.advance(25 * 3_600_000);
    expect(await codeOf(accounts.useLink(reset.token, 'nova senha da bia')), 'a reset link lasts a day').to.equal('LINK_EXPIRED');
    const again = await accounts.resetLink(first.user, 'owner:dona');
    await accounts.useLink(again.token, 'nova senha da bia');
    expect(await accounts.whoIs(session.token), 'sessions end with a reset').to.equal(undefined);
    expect(await codeOf(accounts.signIn('bia@petshop.com', 'banho e tosa 2026'))).to.equal('INVALID_CREDENTIALS');
    expect((await accounts.signIn('bia@petshop.com', 'nova senha da bia')).user.id).to.equal(first.user.id);
  });
});
