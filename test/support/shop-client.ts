/**
 * A customer's-eye client of a running Patinha process: finds the demo shop's
 * simulator number with the admin token, writes to it and reads what it sent.
 * Used by the real-process crash tests, which talk to Patinha only through its
 * public HTTP API.
 */
export interface SentReply {
  id: string;
  to: string;
  text: string;
  createdAt: string;
}

export type InboundOutcome =
  | { kind: 'accepted' }
  /** 503 (the number is connecting, busy or down): retry with the same id. */
  | { kind: 'refused'; status: number; code: string }
  /** No HTTP answer at all: the process died under the request. */
  | { kind: 'no-answer' };

export class ShopClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly orgId: string,
    readonly instanceId: string,
  ) {}

  /** The first (demo) org and its first number. */
  static async connect(port: number, adminToken: string): Promise<ShopClient> {
    const baseUrl = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${adminToken}` };
    const orgs = (await (await fetch(`${baseUrl}/admin/orgs`, { headers: auth })).json()) as { items?: Array<{ id: string }> } | Array<{ id: string }>;
    const org = (Array.isArray(orgs) ? orgs : orgs.items ?? [])[0];
    if (!org) throw new Error('the process has no organization (was the demo seeded?)');
    const instances = (await (await fetch(`${baseUrl}/api/orgs/${org.id}/instances`, { headers: auth })).json()) as { items: Array<{ id: string }> };
    const instance = instances.items[0];
    if (!instance) throw new Error('the demo shop has no WhatsApp number');
    return new ShopClient(baseUrl, adminToken, org.id, instance.id);
  }

  /** The same shop on a restarted process (new port). */
  at(port: number): ShopClient {
    return new ShopClient(`http://127.0.0.1:${port}`, this.token, this.orgId, this.instanceId);
  }

  get #instanceUrl(): string {
    return `${this.baseUrl}/api/orgs/${this.orgId}/instances/${this.instanceId}`;
  }

  async inbound(message: { from: string; text: string; id: string }): Promise<InboundOutcome> {
    let response: Response;
    try {
      response = await fetch(`${this.#instanceUrl}/simulator/inbound`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(message),
      });
    } catch {
      return { kind: 'no-answer' };
    }
    const body = (await response.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
    if (response.status === 202) {
      if (body.id !== message.id) throw new Error(`202 with id ${String(body.id)}, expected ${message.id}`);
      return { kind: 'accepted' };
    }
    if (response.status === 503) return { kind: 'refused', status: 503, code: body.error?.code ?? '?' };
    throw new Error(`inbound answered ${response.status}: ${JSON.stringify(body)}`);
  }

  /** What the number sent (after `after`, if given), oldest first; undefined when the process does not answer. */
  /** Every reply the number sent, all pages; undefined while the node does not answer. */
  async outbound(): Promise<SentReply[] | undefined> {
    try {
      const items: SentReply[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
        const response = await fetch(`${this.#instanceUrl}/simulator/outbound${query}`, { headers: { authorization: `Bearer ${this.token}` } });
        if (response.status !== 200) return undefined;
        const page = (await response.json()) as { items: SentReply[]; nextCursor: string | null };
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    } catch {
      return undefined;
    }
  }

}
