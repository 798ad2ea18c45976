import type { ComedyActor } from './comedy-incarnation.js';
import type { HostPush } from './comedy-pool-host.js';

/** The slice of a comedy actor (the `selfActor` a definition is initialised with) we use. */
interface ComedySelfActor {
  getCustomParameters(): { gatewayId?: string };
  createChild(definition: string, options: Record<string, unknown>): PromiseLike<ComedyActor>;
}

/** Gateways of this process by id: comedy instantiates the definition itself, so it finds its sink here. */
const gateways = new Map<string, { sink: (push: HostPush) => void; self?: ComedySelfActor }>();
let created = 0;

/**
 * An in-memory comedy actor whose forked children are the pooled hosts: a host reaches its
 * parent only through comedy (`getParent().send('push', …)`), and comedy delivers that to the
 * parent actor's `push` method — this one, which hands it to the placement.
 */
class PatinhaHostGateway {
  #id: string | undefined;

  initialize(selfActor: ComedySelfActor): void {
    this.#id = selfActor.getCustomParameters().gatewayId;
    const entry = this.#id === undefined ? undefined : gateways.get(this.#id);
    if (entry) entry.self = selfActor;
  }

  push(push: HostPush): void {
    if (this.#id !== undefined) gateways.get(this.#id)?.sink(push);
  }
}

export interface HostGateway {
  /** Forks a host as a child of the gateway. */
  createHost(definition: string, options: Record<string, unknown>): Promise<ComedyActor>;
}

export async function createHostGateway(
  root: { createChild(definition: never, options: Record<string, unknown>): PromiseLike<unknown> },
  sink: (push: HostPush) => void,
): Promise<HostGateway> {
  const gatewayId = `gateway-${++created}`;
  gateways.set(gatewayId, { sink });
  await root.createChild(PatinhaHostGateway as never, { mode: 'in-memory', name: 'host-gateway', customParameters: { gatewayId } });
  const self = gateways.get(gatewayId)?.self;
  if (!self) throw new Error('the host gateway did not initialise');
  return { createHost: async (definition, options) => self.createChild(definition, options) };
}
