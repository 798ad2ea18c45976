import { expect } from 'chai';
import { startFullApp, type FullApp } from '../support/full-app.js';

/** What the server sends for the dashboard, checked without a browser. */
describe('dashboard static files', () => {
  let app: FullApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves the page, its modules and the Socket.IO client under a self-only CSP', async () => {
    app = await startFullApp();
    const page = await app.http.request('GET', '/');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/text\/html/);
    expect(page.body).to.contain('<html lang="pt-BR">').and.to.contain('/assets/js/main.js');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.contain("default-src 'self'").and.to.contain("script-src 'self'").and.to.contain("img-src 'self' data:");
    expect(csp).to.not.contain('unsafe-inline');
    expect(page.headers.get('cache-control')).to.equal('no-cache');

    const main = await app.http.request('GET', '/assets/js/main.js');
    expect(main.status).to.equal(200);
    expect(main.headers.get('content-type')).to.match(/^(text|application)\/javascript/);
    expect(main.headers.get('content-security-policy')).to.equal(csp);
    const css = await app.http.request('GET', '/assets/app.css');
    expect(css.headers.get('content-type')).to.match(/text\/css/);

    const client = await app.http.request('GET', '/vendor/socket.io.esm.min.js');
    expect(client.status).to.equal(200);
    expect(client.headers.get('content-type')).to.match(/javascript/);
    expect(client.body).to.contain('export{');
  });

  it('answers unknown dashboard files with the API\'s JSON 404 and never lists directories', async () => {
    app = await startFullApp();
    for (const path of ['/assets/js/nope.js', '/assets/', '/assets/../app.ts', '/vendor/socket.io.js']) {
      const res = await app.http.request('GET', path);
      expect(res.status, path).to.equal(404);
      expect(res.body.error.code, path).to.equal('NOT_FOUND');
    }
  });
});
