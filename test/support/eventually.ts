import { setImmediate as nextTurn } from 'node:timers/promises';

/** Generous: a condition that does not hold after this long is a failure, on any machine. */
export const DEFAULT_EVENTUALLY_MS = 20_000;

/**
 * Polls `check` between event-loop turns until it holds, without moving any
 * fake clock. Giving up is a failure that names what was awaited — never a
 * silent return that lets the test assert on a half-finished world. The
 * deadline is real time only so a busy machine gets more rounds, not fewer.
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = DEFAULT_EVENTUALLY_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await nextTurn();
  }
}
