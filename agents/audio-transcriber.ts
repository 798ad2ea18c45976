import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { Clock } from '../runtime/clock.js';

/**
 * Turns a customer's voice note into text, so it is answered like any message. One
 * implementation: the OpenAI-compatible audio transcription endpoint, through the SDK
 * (`whisper-1`, `gpt-4o-mini-transcribe`… — `OPENAI_TRANSCRIBE_MODEL`).
 */
export interface AudioTranscription {
  text: string;
  model: string;
  latencyMs: number;
  costUsd: number;
}

export interface AudioTranscriber {
  readonly model: string;
  transcribe(audio: { bytes: Buffer; mimetype: string | null; seconds: number | null }): Promise<AudioTranscription>;
}

/** USD per minute of audio, OpenAI's list prices; other models (a local server) cost 0, as in llm-pricing.ts. */
export const TRANSCRIPTION_PRICES_PER_MINUTE: Readonly<Record<string, number>> = Object.freeze({
  'whisper-1': 0.006,
  'gpt-4o-transcribe': 0.006,
  'gpt-4o-mini-transcribe': 0.003,
});

export function transcriptionCostUsd(model: string, seconds: number | null): number {
  const perMinute = Object.hasOwn(TRANSCRIPTION_PRICES_PER_MINUTE, model) ? TRANSCRIPTION_PRICES_PER_MINUTE[model]! : 0;
  // WhatsApp states a voice note's length; without it, bill a minute rather than nothing.
  return (perMinute * Math.max(1, seconds ?? 60)) / 60;
}

/** The file name the endpoint reads the format from (WhatsApp voice notes are ogg/opus). */
function fileNameFor(mimetype: string | null): string {
  const type = (mimetype ?? '').split(';')[0]!.trim();
  const extension = { 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'm4a', 'audio/wav': 'wav', 'audio/webm': 'webm' }[type] ?? 'ogg';
  return `voice-note.${extension}`;
}

export function createOpenAiTranscriber(options: { client: OpenAI; model: string; clock: Clock }): AudioTranscriber {
  const { model } = options;
  return Object.freeze({
    model,
    async transcribe(audio: { bytes: Buffer; mimetype: string | null; seconds: number | null }): Promise<AudioTranscription> {
      const started = options.clock.now();
      const file = await toFile(audio.bytes, fileNameFor(audio.mimetype), { type: (audio.mimetype ?? 'audio/ogg').split(';')[0]! });
      const result = await options.client.audio.transcriptions.create({ file, model, language: 'pt', response_format: 'json' });
      return { text: result.text.trim(), model, latencyMs: options.clock.now() - started, costUsd: transcriptionCostUsd(model, audio.seconds) };
    },
  });
}
