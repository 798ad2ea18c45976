import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { BackoffPolicy } from './backoff.js';
import { DEFAULT_BACKOFF } from './backoff.js';
import { EventHub } from './events.js';
import type { Placement } from './incarnation.js';
import type { Message } from './actor.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import type { Random } from './random.js';
import { systemRandom } from './random.js';
import { Registry } from './registry.js';

/** The shared services of one actor system, handed to every node. */
export interface RuntimeContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly events: EventHub;
  /** Restart delay for children whose spec has none. */
  readonly defaultBackoff: BackoffPolicy;
  /** Unique within the system, increasing: a new one per start of every worker. */
  nextIncarnation(): number;
  /** Out-of-process placement (comedy), created on first use. */
  placement(): Placement;
  /** Delivers to the actor at `address`, spawning it on demand (set by the actor system). */
  send(address: string, message: Message): void;
  /** May a dynamic child at `address` start in this process? (Placement: an org on another node may not.) */
  admit(address: string): boolean;
}

export interface RuntimeContextOptions {
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly defaultBackoff?: BackoffPolicy;
  readonly placement?: () => Placement;
  readonly send?: (address: string, message: Message) => void;
  readonly admit?: (address: string) => boolean;
}

export function createRuntimeContext(options: RuntimeContextOptions = {}): RuntimeContext {
  const logger = options.logger ?? silentLogger;
  let incarnation = 0;
  let placement: Placement | undefined;
  return {
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    logger,
    registry: new Registry(),
    events: new EventHub(logger),
    defaultBackoff: options.defaultBackoff ?? DEFAULT_BACKOFF,
    nextIncarnation: () => ++incarnation,
    admit: options.admit ?? (() => true),
    send:
      options.send ??
      ((address) => {
        throw new Error(`no actor system routes messages to ${address}`);
      }),
    placement: () => {
      if (!placement) {
        if (!options.placement) throw new Error('no out-of-process placement configured for this runtime');
        placement = options.placement();
      }
      return placement;
    },
  };
}
