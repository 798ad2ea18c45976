import type { ComedyActor } from './comedy-incarnation.js';
import type { HostAsk, HostAskAnswer, HostPush } from './comedy-pool-host.js';

/** The slice of a comedy actor (the `selfActor` a definition is initialised with) we use. */
interface ComedySelfActor {
  getCustomParameters(): { gatewayId?: string };
  createChild(definition: string, options: Record<string, unknown>): PromiseLike<ComedyActor>;
}

/** What the pooled hosts send their node: pushes, and asks that want an answer. */
export interface HostGatewayHandlers {
  push(push: HostPush): void;
  ask(request: HostAsk): Promise<HostAskAnswer>;
}

/** Gateways of this process by id: comedy instantiates the definition itself, so it finds its handlers here. */
const gateways = new Map<string, { handlers: HostGatewayHandlers; self?: ComedySelfActor }>();
let created = 0;

/**
 * An in-memory comedy actor whose forked children are the pooled hosts: a host reaches its
 * parent only through comedy (`getParent().send('push', …)`), and comedy delivers that to the
 * parent actor's `push` (or `ask`) method — this one, which hands it to the placement.
 */
class PatinhaHostGateway {
  #id: string | undefined;

  initialize(selfActor: ComedySelfActor): void {
    this.#id = selfActor.getCustomParameters().gatewayId;
    const entry = this.#id === undefined ? undefined : gateways.get(this.#id);
    if (entry) entry.self = selfActor;
  }

  push(push: HostPush): void {
    if (this.#id !== undefined) gateways.get(this.#id)?.handlers.push(push);
  }

  ask(request: HostAsk): Promise<HostAskAnswer> {
    const entry = this.#id === undefined ? undefined : gateways.get(this.#id);
    if (!entry) return Promise.resolve({ ok: false, error: { name: 'Error', message: 'the host gateway is gone', code: undefined, validation: false } });
    return entry.handlers.ask(request);
  }
}

export interface HostGateway {
  /** Forks a host as a child of the gateway. */
  createHost(definition: string, options: Record<string, unknown>): Promise<ComedyActor>;
}

export async function createHostGateway(
  root: { createChild(definition: never, options: Record<string, unknown>): PromiseLike<unknown> },
  handlers: HostGatewayHandlers,
): Promise<HostGateway> {
  const gatewayId = `gateway-${++created}`;
  gateways.set(gatewayId, { handlers });
  await root.createChild(PatinhaHostGateway as never, { mode: 'in-memory', name: 'host-gateway', customParameters: { gatewayId } });
  const self = gateways.get(gatewayId)?.self;
  if (!self) throw new Error('the host gateway did not initialise');
  return { createHost: async (definition, options) => self.createChild(definition, options) };
}
