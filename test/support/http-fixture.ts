import { TestHttp } from './http-client.js';
import { startTestApp, TEST_ADMIN_TOKEN } from './test-app.js';
import { sharedDatabase, truncateAll } from './test-database.js';
import type { StorageHandle } from '../../storage/open-database.js';

export interface OrgHandle {
  id: string;
  token: string;
  /** Path prefix of the org API: `/api/orgs/<id>`. */
  base: string;
}

/**
 * An app over the shared PGlite database, emptied before each test, with
 * helpers to create organizations through the admin API itself.
 */
export function useHttpApp() {
  const state: { http?: TestHttp; storage?: StorageHandle } = {};
  before(async function () {
    this.timeout(60_000);
    state.storage = await sharedDatabase('pglite');
    state.http = await startTestApp({ storage: state.storage });
  });
  after(async () => state.http?.close());
  beforeEach(async () => truncateAll(state.storage!));

  const fixture = {
    get http(): TestHttp {
      return state.http!;
    },
    get db() {
      return state.storage!.db;
    },
    adminToken: TEST_ADMIN_TOKEN,
    async createOrg(name = 'Pet Shop Teste', extra: Record<string, unknown> = {}): Promise<OrgHandle> {
      const res = await state.http!.request('POST', '/admin/orgs', { token: TEST_ADMIN_TOKEN, json: { name, ...extra } });
      if (res.status !== 201) throw new Error(`createOrg failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.org.id, token: res.body.token, base: `/api/orgs/${res.body.org.id}` };
    },
  };
  return fixture;
}
