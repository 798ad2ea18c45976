/**
 * Suites that need an outside service (PostgreSQL, Redis, Chromium) skip with a
 * visible notice when it is missing — unless REQUIRE_SERVICES=1 (CI), where a
 * missing service is a failure, never a silent skip.
 */
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

const announced = new Set<string>();

export function skipOrFail(context: Mocha.Context, service: string, why: string): never {
  if (servicesRequired) throw new Error(`${service} is required (REQUIRE_SERVICES=1) but ${why}`);
  if (!announced.has(service)) {
    announced.add(service);
    process.stderr.write(`\n  [notice] ${service} suites skipped: ${why}\n`);
  }
  context.skip();
}
