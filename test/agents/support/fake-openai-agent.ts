import type OpenAI from 'openai';

import { createOpenAiClient } from '../../../agents/openai-client.js';
import type { FakeClock } from '../../support/fake-clock.js';
import type { FakeOpenAiServer } from '../../support/fake-openai-server.js';

/**
 * What the OpenAI agent tests (customer and Aurora) need around the fake
 * server: a real SDK client pointed at it, and readers of what the agent
 * sent. The SDK's retries, timeouts and parsing stay the ones production runs.
 */

/** A chat message as the agent sent it. */
export type SentMessage = { role: string; content: unknown; tool_call_id?: string; tool_calls?: unknown[] };

export interface TestClientOptions {
  maxRetries?: number;
  timeoutMs?: number;
}

/** No retries and a 2 s timeout unless the test is about them. */
export function testClient(server: FakeOpenAiServer, options: TestClientOptions = {}): OpenAI {
  return createOpenAiClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: options.timeoutMs ?? 2_000, maxRetries: options.maxRetries ?? 0 });
}

/** The messages of the agent's `i`-th request. */
export function messagesOf(server: FakeOpenAiServer, i: number): SentMessage[] {
  return server.requests[i]!.body.messages as SentMessage[];
}

/** The tool outcomes the agent's `i`-th request carried back to the model, parsed. */
export function toolResults(server: FakeOpenAiServer, i: number): Array<Record<string, unknown>> {
  return messagesOf(server, i)
    .filter((m) => m.role === 'tool')
    .map((m) => JSON.parse(String(m.content)) as Record<string, unknown>);
}

/** Runs `respond` with its first model request held while the clock moves `ms`: a deterministic latency. */
export async function respondTaking<T>(server: FakeOpenAiServer, clock: FakeClock, ms: number, respond: () => Promise<T>): Promise<T> {
  const hold = server.hold();
  const pending = respond();
  await hold.reached;
  await clock.advance(ms);
  hold.release();
  return pending;
}
