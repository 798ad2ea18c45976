import os from 'node:os';

/**
 * This process's name in the cluster when NODE_ID is unset: unique among live processes
 * (host and pid) and stable for the process's life. A restarted process is a new node; the
 * old name shows as gone until it ages out of the membership.
 */
export function processNodeId(hostname: string = os.hostname(), pid: number = process.pid): string {
  const host = hostname.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'host';
  return `node-${host}-${pid}`;
}
