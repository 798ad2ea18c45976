import type { TransportEvent, TransportEventEnvelope } from '../../../whatsapp/transport.js';

/** Collects a connection's events; `waitFor` resolves at the first (past or future) event matching. */
export class EventRecorder {
  readonly envelopes: TransportEventEnvelope[] = [];
  #waiters: { match: (e: TransportEvent) => boolean; resolve: (e: TransportEvent) => void }[] = [];

  readonly onEvent = (envelope: TransportEventEnvelope): void => {
    this.envelopes.push(envelope);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(envelope.event)) return true;
      w.resolve(envelope.event);
      return false;
    });
  };

  get events(): TransportEvent[] {
    return this.envelopes.map((e) => e.event);
  }

  types(): string[] {
    return this.events.map((e) => (e.type === 'status' ? `status:${e.status}` : e.type));
  }

  waitFor<T extends TransportEvent['type']>(type: T, match: (e: Extract<TransportEvent, { type: T }>) => boolean = () => true): Promise<Extract<TransportEvent, { type: T }>> {
    const test = (e: TransportEvent) => e.type === type && match(e as Extract<TransportEvent, { type: T }>);
    const past = this.events.find(test);
    if (past) return Promise.resolve(past as Extract<TransportEvent, { type: T }>);
    return new Promise((resolve) => this.#waiters.push({ match: test, resolve: resolve as (e: TransportEvent) => void }));
  }

  closed(): Promise<Extract<TransportEvent, { type: 'closed' }>> {
    return this.waitFor('closed');
  }
}
