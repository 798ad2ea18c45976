import { closeSharedDatabases } from './test-database.js';

/** Mocha root hooks: release what the whole run shared. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await closeSharedDatabases();
  },
};
