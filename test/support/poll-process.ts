/**
 * Asks another process the same question until the answer satisfies `done`,
 * pausing briefly between asks (the other process runs on its own clock; no
 * timer of ours is being waited out). Gives up, and FAILS, after `attempts`.
 */
export async function pollProcess<T>(what: string, ask: () => Promise<T>, done: (answer: T) => boolean, attempts = 400): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    try {
      last = await ask();
      if (done(last)) return last;
    } catch {
      // The other process may be between states (a refused connection, a half-open socket): ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}; last answer: ${JSON.stringify(last)}`);
}
