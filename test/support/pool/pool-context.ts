import type { NodeHostApi } from '../../../runtime/comedy-pool-host.js';

/** A node context for pooled-host tests: what every actor of the host shares (here: the host's own pid and a way to tell the node). */
export interface PoolTestContext {
  readonly hostPid: number;
  emit(event: unknown): void;
}

export function createPoolTestContext(api: NodeHostApi): PoolTestContext {
  return { hostPid: process.pid, emit: (event) => api.emit(event) };
}
