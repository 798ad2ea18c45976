import type { RuntimeEvent } from '../../runtime/events.js';

interface Waiter {
  readonly predicate: (event: RuntimeEvent) => boolean;
  readonly resolve: (event: RuntimeEvent) => void;
}

/**
 * Records runtime events (XState `inspect`, Akka `TestProbe`) and lets a test await the next
 * matching one — for real process events; fake-time tests advance the clock instead.
 */
export class EventProbe {
  readonly events: RuntimeEvent[] = [];
  #waiters: Waiter[] = [];

  readonly listener = (event: RuntimeEvent): void => {
    this.events.push(event);
    const matched = this.#waiters.filter((waiter) => waiter.predicate(event));
    this.#waiters = this.#waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(event);
  };

  next<T extends RuntimeEvent['type']>(type: T, address?: string): Promise<Extract<RuntimeEvent, { type: T }>> {
    return new Promise((resolve) => {
      this.#waiters.push({
        predicate: (event) => event.type === type && (address === undefined || ('address' in event && event.address === address)),
        resolve: resolve as (event: RuntimeEvent) => void,
      });
    });
  }

  of<T extends RuntimeEvent['type']>(type: T, address?: string): Array<Extract<RuntimeEvent, { type: T }>> {
    return this.events.filter(
      (event): event is Extract<RuntimeEvent, { type: T }> => event.type === type && (address === undefined || event.address === address),
    );
  }
}
