/** A node of `/admin/supervision`'s tree, as the process tests read it. */
export interface SupervisionNode {
  address: string;
  pid?: number | null;
  state: string;
  children: SupervisionNode[];
}

/** Every node of a supervision tree, the root first. */
export const flattenTree = (tree: SupervisionNode): SupervisionNode[] => [tree, ...tree.children.flatMap(flattenTree)];

/**
 * JSON calls to a spawned node's HTTP API (`port` read at each call: the node may be respawned),
 * with `token` unless another is given. The body is `{}` when the answer is not JSON.
 */
export function nodeCaller(port: () => number, token: string) {
  return async (method: string, url: string, body?: unknown, as = token): Promise<{ status: number; body: any }> => {
    const response = await fetch(`http://127.0.0.1:${port()}${url}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as any };
  };
}
