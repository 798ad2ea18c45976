import type { RedisLink } from '../storage/redis-link.js';
import { systemClock, type Clock } from '../runtime/clock.js';
import { silentLogger, type Logger } from '../runtime/logger.js';
import { Membership, type NodeSighting } from './membership.js';
import { NodeLink, type NodeRequestHandler } from './node-link.js';
import type { NodeRequest } from './node-requests.js';

export interface NodeClusterOptions {
  redis: RedisLink;
  nodeId: string;
  /** Answers the other nodes' requests (see node-requests.ts). */
  answer: NodeRequestHandler;
  clock?: Clock;
  logger?: Logger;
  prefix?: string;
  membership?: { ttlMs?: number; renewMs?: number; knownForMs?: number };
  maxMessageBytes?: number;
}

/**
 * This node in the cluster: its heartbeat and its link to the others, over the node's Redis.
 * Started only when REDIS_URL is set; a node without Redis is a cluster of one.
 */
export class NodeCluster {
  readonly nodeId: string;
  readonly link: NodeLink;
  readonly membership: Membership;
  /** Resolves once this node is subscribed and has tried its first beat (tests wait for it; boot does not). */
  readonly ready: Promise<void>;
  readonly #offChange: () => void;

  private constructor(options: NodeClusterOptions) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? silentLogger;
    this.nodeId = options.nodeId;
    this.membership = new Membership({ redis: options.redis.commands, nodeId: options.nodeId, clock, logger, prefix: options.prefix, ...options.membership });
    this.link = new NodeLink({
      nodeId: options.nodeId,
      publisher: options.redis.commands,
      subscriber: options.redis.subscriber(),
      clock,
      logger,
      prefix: options.prefix,
      maxMessageBytes: options.maxMessageBytes,
    });
    this.link.onRequest(options.answer);
    // Back from a Redis outage: beat at once instead of looking dead until the next renewal.
    this.#offChange = options.redis.onChange((status) => {
      if (status === 'up') void this.membership.beat();
    });
    this.ready = Promise.all([this.link.start(), this.membership.start()]).then(() => undefined);
  }

  /** Subscribes and starts beating, in the background: boot never waits for Redis. */
  static start(options: NodeClusterOptions): NodeCluster {
    return new NodeCluster(options);
  }

  /** Every node seen within a day, this one included. */
  nodes(): Promise<NodeSighting[]> {
    return this.membership.knownNodes();
  }

  ask<T = unknown>(nodeId: string, request: NodeRequest, timeoutMs: number): Promise<T> {
    return this.link.ask<T>(nodeId, request, timeoutMs);
  }

  /** Leaves the membership first (the others stop asking), then closes the link. */
  async stop(options: { leave?: boolean } = {}): Promise<void> {
    this.#offChange();
    await this.membership.stop(options);
    await this.link.close();
  }
}
