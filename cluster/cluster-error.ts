/**
 * What the node link rejects with: a stable `code` the HTTP edge maps to a status
 * (`NODE_UNREACHABLE` 503, `PAYLOAD_TOO_LARGE` 413), or the code another node
 * answered with (`NOT_FOUND`…).
 */
export class ClusterError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly nodeId?: string,
    /** What the other node attached to its refusal (as the API shows it). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export const unreachable = (nodeId: string, why: string) => new ClusterError('NODE_UNREACHABLE', `Node ${nodeId} is unreachable: ${why}`, nodeId);
