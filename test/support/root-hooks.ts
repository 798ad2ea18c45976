import fc from 'fast-check';
import { closeSharedDatabases } from './test-database.js';

/**
 * Property tests run on one seed, so the suite gives the same answer on every run and machine;
 * `FC_SEED=<n>` replays another, `FC_SEED=random` explores (fast-check prints the seed of a
 * failure). A counterexample found while exploring becomes an example test of its own.
 */
const FC_SEED = process.env.FC_SEED ?? '20261203';
if (FC_SEED !== 'random') fc.configureGlobal({ seed: Number(FC_SEED) });

/** Mocha root hooks: release what the whole run shared. */
export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await closeSharedDatabases();
  },
};
