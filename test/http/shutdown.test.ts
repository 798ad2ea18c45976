import { expect } from 'chai';
import { startTestApp, TEST_ADMIN_TOKEN } from '../support/test-app.js';
import { sharedDatabase } from '../support/test-database.js';

describe('a node that is shutting down', () => {
  it('answers new requests 503 SHUTTING_DOWN with Retry-After, and security headers on every answer', async () => {
    let stopping = false;
    const http = await startTestApp({ storage: await sharedDatabase('pglite'), isShuttingDown: () => stopping });
    try {
      const ok = await http.request('GET', '/admin/orgs', { token: TEST_ADMIN_TOKEN });
      expect(ok.status).to.equal(200);
      expect(ok.headers.get('x-frame-options')).to.equal('DENY');
      expect(ok.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(ok.headers.get('x-request-id')).to.match(/^[\w-]+$/);
      stopping = true;
      const refused = await http.request('GET', '/admin/orgs', { token: TEST_ADMIN_TOKEN });
      expect(refused.status).to.equal(503);
      expect(refused.body.error.code).to.equal('SHUTTING_DOWN');
      expect(refused.headers.get('retry-after')).to.equal('2');
    } finally {
      await http.close();
    }
  });
});
