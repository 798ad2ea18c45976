import OpenAI from 'openai';

/**
 * The one place an OpenAI client is built. Timeout and retries are explicit
 * (the SDK's defaults are 10 minutes and 2 retries): a customer on WhatsApp
 * should get a fallback and a person within seconds, not wait on a stuck
 * request. The SDK itself retries 408/409/429/5xx and connection errors with
 * backoff, honouring retry-after; the agent only sees what is left after that.
 * `baseURL` lets any OpenAI-compatible server (a local model) stand in.
 */
export const DEFAULT_OPENAI_TIMEOUT_MS = 20_000;
export const DEFAULT_OPENAI_MAX_RETRIES = 2;

export interface OpenAiClientOptions {
  apiKey: string;
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export function createOpenAiClient(options: OpenAiClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs ?? DEFAULT_OPENAI_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_OPENAI_MAX_RETRIES,
  });
}
