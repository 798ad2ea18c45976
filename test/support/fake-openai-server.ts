import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI Chat
 * Completions API (`POST /v1/chat/completions`, non-streaming) and of the audio
 * transcription API (`POST /v1/audio/transcriptions`, multipart) for the real
 * `openai` SDK, so tests exercise the SDK's own retries, timeouts and parsing
 * rather than a mock of them.
 *
 * Responses are scripted in a queue, one per request (SDK retries included).
 * Every request body is recorded. With the queue empty (and no `otherwise`) the server answers 400
 * (which the SDK does not retry), so an unexpected extra call fails the test
 * loudly instead of hanging it.
 */

export interface ScriptedToolCall {
  name: string;
  /** Raw JSON text, exactly as the model would send it — malformed on purpose when a test wants that. */
  arguments: string;
  id?: string;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export type ScriptedResponse =
  | { kind: 'reply'; text: string; usage?: ScriptedUsage }
  | { kind: 'tools'; calls: ScriptedToolCall[]; text?: string; usage?: ScriptedUsage }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; message?: string }
  /** Never answers: the SDK's timeout has to fire. */
  | { kind: 'hang' }
  /** 200 with a body that is not JSON although it says it is. */
  | { kind: 'malformed' }
  /** 200 with any JSON body (e.g. a completion without `choices`). */
  | { kind: 'raw'; body: unknown };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (the ChatCompletionCreateParams the SDK sent). */
  body: Record<string, unknown>;
}

/** Pauses the next request until the test releases it (a deterministic stand-in for latency). */
export interface Hold {
  /** Resolves once the held request has arrived. */
  readonly reached: Promise<void>;
  release(): void;
}

/** A request to `POST /v1/audio/transcriptions` (multipart), as the server read it. */
export interface RecordedTranscription {
  model: string;
  language: string | null;
  fileName: string;
  contentType: string;
  /** The audio file's bytes as received. */
  file: Buffer;
}

export type ScriptedTranscription = { kind: 'text'; text: string } | { kind: 'status'; status: number };

export const DEFAULT_USAGE: ScriptedUsage = Object.freeze({ prompt_tokens: 100, completion_tokens: 20 });

export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  /** Audio transcription requests, in arrival order (kept apart from the chat completions). */
  readonly transcriptions: RecordedTranscription[] = [];
  readonly #transcriptionQueue: ScriptedTranscription[] = [];
  readonly #server: Server;
  readonly #queue: ScriptedResponse[] = [];
  readonly #holds: Array<{ arrived: () => void; released: Promise<void> }> = [];
  #port = 0;
  #completionSeq = 0;
  #otherwise: ScriptedResponse | undefined;

  private constructor() {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
  }

  static async start(): Promise<FakeOpenAiServer> {
    const fake = new FakeOpenAiServer();
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(0, '127.0.0.1', () => resolve());
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** What to pass as the SDK's `baseURL`. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.#port}/v1`;
  }

  /** Scripted responses not yet consumed. */
  get pending(): number {
    return this.#queue.length;
  }

  enqueue(...responses: ScriptedResponse[]): this {
    this.#queue.push(...responses);
    return this;
  }

  /** Answers every request the queue has no step for with `step` (a model that always replies, for load and crash tests). */
  otherwise(step: ScriptedResponse): this {
    this.#otherwise = step;
    return this;
  }

  reply(text: string, usage?: ScriptedUsage): this {
    return this.enqueue(usage ? { kind: 'reply', text, usage } : { kind: 'reply', text });
  }

  toolCalls(calls: ScriptedToolCall[], usage?: ScriptedUsage): this {
    return this.enqueue(usage ? { kind: 'tools', calls, usage } : { kind: 'tools', calls });
  }

  fail(status: number, options: { retryAfterSeconds?: number; times?: number } = {}): this {
    for (let i = 0; i < (options.times ?? 1); i++) {
      this.enqueue(options.retryAfterSeconds === undefined ? { kind: 'status', status } : { kind: 'status', status, retryAfterSeconds: options.retryAfterSeconds });
    }
    return this;
  }

  /** The next transcription request answers `{ text }`. */
  transcribeAs(text: string): this {
    this.#transcriptionQueue.push({ kind: 'text', text });
    return this;
  }

  /** The next transcription request answers `status` (the SDK may retry: script one per attempt). */
  failTranscription(status: number, times = 1): this {
    for (let i = 0; i < times; i++) this.#transcriptionQueue.push({ kind: 'status', status });
    return this;
  }

  hang(times = 1): this {
    for (let i = 0; i < times; i++) this.enqueue({ kind: 'hang' });
    return this;
  }

  malformed(): this {
    return this.enqueue({ kind: 'malformed' });
  }

  hold(): Hold {
    let arrived!: () => void;
    let release!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.#holds.push({ arrived, released });
    return { reached, release };
  }

  /** The system prompt of request `i` (default: the last). */
  systemPrompt(i = this.requests.length - 1): string {
    const messages = (this.requests[i]?.body.messages ?? []) as Array<{ role: string; content: unknown }>;
    return String(messages.find((m) => m.role === 'system')?.content ?? '');
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST' && req.url?.startsWith('/v1/audio/transcriptions')) return this.#transcribe(req, res);
    const text = await readBody(req);
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
      return sendJson(res, 404, { error: { message: `fake server: no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: { message: 'fake server: request body is not JSON', type: 'invalid_request_error' } });
    }
    this.requests.push({ method: req.method, url: req.url, headers: req.headers, body });

    const hold = this.#holds.shift();
    if (hold) {
      hold.arrived();
      await hold.released;
    }
    const next = this.#queue.shift() ?? this.#otherwise;
    if (!next) return sendJson(res, 400, { error: { message: 'fake server: no scripted response left', type: 'invalid_request_error' } });
    this.#respond(res, next, String(body.model ?? 'unknown'));
  }

  async #transcribe(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers['content-type'] ?? '');
    if (!boundary) return sendJson(res, 400, { error: { message: 'fake server: transcription needs multipart/form-data', type: 'invalid_request_error' } });
    const parts = parseMultipart(await readBuffer(req), boundary[1] ?? boundary[2]!);
    const file = parts.find((p) => p.name === 'file' && p.fileName !== null);
    const model = parts.find((p) => p.name === 'model')?.body.toString('utf8');
    if (!file || !model) return sendJson(res, 400, { error: { message: 'fake server: a transcription needs a file and a model', type: 'invalid_request_error' } });
    this.transcriptions.push({ model, language: parts.find((p) => p.name === 'language')?.body.toString('utf8') ?? null, fileName: file.fileName!, contentType: file.contentType, file: file.body });
    const next = this.#transcriptionQueue.shift();
    if (!next) return sendJson(res, 400, { error: { message: 'fake server: no scripted transcription left', type: 'invalid_request_error' } });
    if (next.kind === 'status') return sendJson(res, next.status, { error: { message: `fake ${next.status}`, type: 'server_error' } });
    return sendJson(res, 200, { text: next.text });
  }

  #respond(res: ServerResponse, step: ScriptedResponse, model: string): void {
    switch (step.kind) {
      case 'hang':
        return; // the socket stays open until the client gives up or close() runs
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "chatcmpl-broken", "choices": [');
        return;
      case 'raw':
        return sendJson(res, 200, step.body);
      case 'status': {
        const headers: Record<string, string> = step.retryAfterSeconds === undefined ? {} : { 'retry-after': String(step.retryAfterSeconds) };
        const type = step.status === 429 ? 'rate_limit_exceeded' : 'server_error';
        return sendJson(res, step.status, { error: { message: step.message ?? `fake ${step.status}`, type } }, headers);
      }
      case 'reply':
        return sendJson(res, 200, this.#completion(model, { role: 'assistant', content: step.text, refusal: null }, 'stop', step.usage));
      case 'tools': {
        const toolCalls = step.calls.map((c, i) => ({
          id: c.id ?? `call_${this.#completionSeq + 1}_${i}`,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        }));
        const message = { role: 'assistant', content: step.text ?? null, refusal: null, tool_calls: toolCalls };
        return sendJson(res, 200, this.#completion(model, message, 'tool_calls', step.usage));
      }
    }
  }

  #completion(model: string, message: Record<string, unknown>, finishReason: string, usage: ScriptedUsage = DEFAULT_USAGE): Record<string, unknown> {
    this.#completionSeq += 1;
    return {
      id: `chatcmpl-fake-${this.#completionSeq}`,
      object: 'chat.completion',
      created: 1_765_000_000 + this.#completionSeq,
      model,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    };
  }
}

async function readBuffer(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface MultipartPart {
  name: string | null;
  fileName: string | null;
  contentType: string;
  body: Buffer;
}

/** Enough of RFC 7578 for the SDK's uploads: parts split on the boundary, their headers read, bodies kept as bytes. */
function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // after CRLF, before the CRLF ahead of the next delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      parts.push({
        name: /name="([^"]*)"/.exec(headers)?.[1] ?? null,
        fileName: /filename="([^"]*)"/.exec(headers)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'text/plain',
        body: part.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
