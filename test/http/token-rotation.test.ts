import { expect } from 'chai';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { startFullApp, type FullApp } from '../support/full-app.js';
import { TEST_ADMIN_TOKEN } from '../support/test-app.js';

/** A rotated token stops working everywhere, live sockets included. */
describe('org token rotation', () => {
  let app: FullApp | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await app?.close();
    app = undefined;
  });

  function socketFor(token: string): Socket {
    const socket = connectSocket(`${app!.http.baseUrl}/org/${app!.orgId}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  }
  const connected = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.on('connect', () => resolve('ok'));
      socket.on('connect_error', (error) => resolve(error.message));
    });

  it('disconnects the sockets opened with the old token, and only those', async () => {
    app = await startFullApp();
    const old = socketFor(app.token);
    const admin = socketFor(TEST_ADMIN_TOKEN);
    expect(await connected(old)).to.equal('ok');
    expect(await connected(admin)).to.equal('ok');
    const dropped = new Promise<string>((resolve) => old.on('disconnect', (reason) => resolve(reason)));

    const rotated = await app.http.request('POST', `/admin/orgs/${app.orgId}/token`, { token: TEST_ADMIN_TOKEN });
    expect(rotated.status).to.equal(201);
    expect(await dropped).to.equal('io server disconnect');

    const fresh = socketFor(rotated.body.token);
    expect(await connected(fresh)).to.equal('ok');
    expect(await connected(socketFor(app.token))).to.equal('UNAUTHORIZED');
    expect((await app.http.request('GET', app.base, { token: rotated.body.token })).status).to.equal(200);
    expect(admin.connected, 'the admin socket stays').to.equal(true);
    expect(fresh.connected, 'the socket with the new token stays').to.equal(true);
  });
});
