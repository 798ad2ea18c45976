import { threadId } from 'node:worker_threads';
import type { Message } from '../../../runtime/actor.js';
import type { NodeHostApi } from '../../../runtime/comedy-pool-host.js';

/**
 * A node context for pooled-host tests: what every actor of the host shares (here: the host's own
 * pid, the node's name and channel, and how many definitions the host built from it).
 */
export interface PoolTestContext {
  readonly hostPid: number;
  /** 0 in a forked host, the worker thread's id in a threaded one. */
  readonly hostThread: number;
  readonly nodeId: string | undefined;
  builds: number;
  emit(event: unknown): void;
  tell(address: string, message: Message): void;
  ask<R>(address: string, message: Message): Promise<R>;
}

export function createPoolTestContext(api: NodeHostApi): PoolTestContext {
  return {
    hostPid: process.pid,
    hostThread: threadId,
    nodeId: api.nodeId,
    builds: 0,
    emit: (event) => api.emit(event),
    tell: (address, message) => api.tell(address, message),
    ask: (address, message) => api.ask(address, message, 5_000),
  };
}
