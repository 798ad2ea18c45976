import type { Message } from './actor.js';
import { RoutedActorRef, type ActorRef, type Route } from './actor-ref.js';
import { DuplicateAddressError } from './errors.js';
import type { ParentLink, SupervisedNode } from './node.js';

export interface RegistryEntry {
  readonly node: SupervisedNode;
  /** How to message it (workers): the cell itself, or a dynamic supervisor's key route. */
  readonly route: Route | undefined;
  /** Its supervisor, for admin restarts. */
  readonly parent?: ParentLink;
}

/** A dynamic supervisor as seen by the registry: what child type it spawns, under which key. */
export interface KeyedSpawner {
  readonly childType: string;
  readonly parentKey: string | undefined;
  getOrSpawn<Msg extends Message = Message>(key: string): ActorRef<Msg>;
  /** Stops the child for `key` for good: what it had queued is refused, not handed to a new incarnation. */
  dismiss(key: string): Promise<void>;
}

/**
 * address → live node. Addresses are `type` or `type/key` (`conversation/<org>/<contact>`); a
 * duplicate registration is a bug and throws. Dynamic supervisors are also indexed by
 * (child type, parent key) so `getOrSpawn('conversation/o1/c1')` finds the one that owns
 * `o1`'s conversations.
 */
export class Registry {
  readonly #entries = new Map<string, RegistryEntry>();
  readonly #spawners = new Map<string, KeyedSpawner>();

  register(address: string, entry: RegistryEntry): void {
    if (this.#entries.has(address)) throw new DuplicateAddressError(address);
    this.#entries.set(address, entry);
  }

  /** Removes the entry only if it still belongs to `node` (a newer incarnation may own it). */
  unregister(address: string, node: SupervisedNode): void {
    if (this.#entries.get(address)?.node === node) this.#entries.delete(address);
  }

  get(address: string): RegistryEntry | undefined {
    return this.#entries.get(address);
  }

  has(address: string): boolean {
    return this.#entries.has(address);
  }

  /** A ref for a registered worker, or undefined. */
  ref<Msg extends Message = Message>(address: string): ActorRef<Msg> | undefined {
    const route = this.#entries.get(address)?.route;
    return route ? new RoutedActorRef<Msg>(route, route.currentIncarnation()) : undefined;
  }

  get size(): number {
    return this.#entries.size;
  }

  addresses(): string[] {
    return [...this.#entries.keys()];
  }

  registerSpawner(spawner: KeyedSpawner): void {
    this.#spawners.set(spawnerKey(spawner.childType, spawner.parentKey), spawner);
  }

  unregisterSpawner(spawner: KeyedSpawner): void {
    const key = spawnerKey(spawner.childType, spawner.parentKey);
    if (this.#spawners.get(key) === spawner) this.#spawners.delete(key);
  }

  spawner(childType: string, parentKey: string | undefined): KeyedSpawner | undefined {
    return this.#spawners.get(spawnerKey(childType, parentKey));
  }
}

function spawnerKey(childType: string, parentKey: string | undefined): string {
  return `${childType}\u0000${parentKey ?? ''}`;
}
