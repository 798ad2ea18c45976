import type { ExitReason } from './actor.js';
import type { Logger } from './logger.js';

/**
 * Lifecycle facts the runtime reports: for metrics, logs, the admin UI and test probes.
 * Observing them never changes behaviour.
 */
export type RuntimeEvent =
  | { readonly type: 'started'; readonly address: string; readonly incarnation: number | undefined; readonly restarts: number }
  | { readonly type: 'crashed'; readonly address: string; readonly error: Error }
  | { readonly type: 'restart-scheduled'; readonly address: string; readonly delayMs: number; readonly attempt: number }
  | { readonly type: 'stopped'; readonly address: string; readonly reason: ExitReason['kind'] }
  | { readonly type: 'killed'; readonly address: string; readonly afterMs: number }
  | { readonly type: 'escalated'; readonly address: string; readonly error: Error }
  /** A bulkhead supervisor's child exceeded its own restart intensity: down alone until its retry. */
  | { readonly type: 'failed'; readonly address: string; readonly error: Error; readonly reason: string; readonly retryInMs: number; readonly attempts: number }
  | { readonly type: 'passivated'; readonly address: string }
  | { readonly type: 'reactivated'; readonly address: string; readonly buffered: number }
  | { readonly type: 'rejected'; readonly address: string; readonly error: Error }
  | { readonly type: 'fatal'; readonly address: string; readonly error: Error };

export type RuntimeEventListener = (event: RuntimeEvent) => void;

/** A tiny synchronous pub/sub. A throwing listener is logged, never propagated into the runtime. */
export class EventHub {
  readonly #listeners = new Set<RuntimeEventListener>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  subscribe(listener: RuntimeEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: RuntimeEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#logger.error({ err: error, event: event.type }, 'runtime event listener threw');
      }
    }
  }
}
