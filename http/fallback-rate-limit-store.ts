import { MemoryStore, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit';

/**
 * A shared rate-limit store (Redis) with an in-process stand-in: while the
 * shared one is down, or when one of its calls fails, this node counts alone
 * in memory instead of answering 500. Budgets counted in memory do not carry
 * over when Redis returns: a window's worth of extra requests at most, which
 * is the price of staying up.
 */
export class FallbackRateLimitStore implements Store {
  readonly #memory = new MemoryStore();
  #options: Options | undefined;
  /** The shared store's init (rate-limit-redis loads its scripts there); undefined until the next attempt. */
  #sharedReady: Promise<void> | undefined;
  readonly prefix: string | undefined;

  constructor(
    readonly shared: Store,
    /** Whether to try the shared store at all (false while the Redis link is down, so no request waits on it). */
    readonly sharedUsable: () => boolean,
    readonly onSharedError: (error: unknown) => void = () => undefined,
  ) {
    this.prefix = shared.prefix;
  }

  init(options: Options): void {
    this.#options = options;
    this.#memory.init(options);
  }

  async #either<T>(use: (store: Store) => T | Promise<T>): Promise<T> {
    if (!this.sharedUsable()) return use(this.#memory);
    try {
      // A failed init would leave rate-limit-redis with rejected script loads for good: it is retried on the next call instead.
      await (this.#sharedReady ??= Promise.resolve(this.shared.init?.(this.#options!)));
      return await use(this.shared);
    } catch (error) {
      this.#sharedReady = undefined;
      this.onSharedError(error);
      return use(this.#memory);
    }
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.#either((store) => store.increment(key));
  }

  decrement(key: string): Promise<void> {
    return this.#either((store) => store.decrement(key));
  }

  resetKey(key: string): Promise<void> {
    return this.#either((store) => store.resetKey(key));
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.#either((store) => store.get?.(key));
  }

  shutdown(): void {
    this.#memory.shutdown();
  }
}
