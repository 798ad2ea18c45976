import type { Express } from 'express';
import { listen, type RunningServer } from '../../http/server.js';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A real HTTP round trip against an app listening on an ephemeral loopback port. */
export class TestHttp {
  private constructor(readonly server: RunningServer) {}

  static async start(app: Express): Promise<TestHttp> {
    return new TestHttp(await listen(app, 0, '127.0.0.1'));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  async request<T = any>(method: string, path: string, options: { token?: string; json?: unknown; rawBody?: string } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = 'application/json';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('json')) parsed = text ? JSON.parse(text) : undefined;
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  close(): Promise<void> {
    return this.server.close(0);
  }
}
