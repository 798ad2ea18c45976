import type { Kysely } from 'kysely';
import type { AudioTranscriber } from '../../agents/audio-transcriber.js';
import { mediaHistoryText, type InboundMediaKind } from '../../domain/inbound-media.js';
import type { Database } from '../../storage/database.js';
import type { StoredInbound } from '../../storage/inbox.repository.js';
import type { Logger } from '../../runtime/logger.js';
import type { ConversationNotice } from './conversation.protocol.js';
import { recordModelCall } from '../outbound-message.js';

/** One inbound row as the turn reads it: what history keeps, and what the assistant reads (empty when nothing). */
export interface ReadRow {
  row: StoredInbound;
  history: string;
  said: string;
}

export interface MediaReading {
  rows: ReadRow[];
  /** Nothing in the burst could be read (an image without caption, a sticker, a voice note with no transcriber): the kind to ask text for. */
  unreadable?: InboundMediaKind;
}

export interface MediaReadingDeps {
  db: Kysely<Database>;
  transcriber?: AudioTranscriber;
  notify(notice: ConversationNotice): void;
  logger?: Logger;
}

/**
 * Reads a burst's media before the assistant sees it: a voice note is transcribed (when a
 * transcriber is configured; its cost goes to `ai_interactions` as soon as it is spent, so a
 * replay's second transcription is counted too), a caption is read as what the customer
 * wrote, and the rest is kept in history as what it was ("📷 Imagem", "📍 Localização").
 */
export async function readInboundMedia(deps: MediaReadingDeps, orgId: string, conversationId: string, rows: readonly StoredInbound[], now: Date): Promise<MediaReading> {
  const read: ReadRow[] = [];
  let unreadable: InboundMediaKind | undefined;
  for (const row of rows) {
    const media = row.media;
    if (!media) {
      read.push({ row, history: row.text, said: row.text });
      continue;
    }
    let transcript: string | undefined;
    if (media.kind === 'audio' && media.dataBase64 && deps.transcriber) transcript = await transcribe(deps, orgId, conversationId, row, now);
    const caption = media.kind === 'image' || media.kind === 'video' || media.kind === 'document' ? row.text.trim() : '';
    const said = transcript ?? caption;
    if (!said) unreadable = media.kind;
    read.push({ row, history: mediaHistoryText(media, row.text, transcript), said });
  }
  const anythingSaid = read.some((r) => r.said.trim() !== '');
  return anythingSaid ? { rows: read } : { rows: read, unreadable };
}

async function transcribe(deps: MediaReadingDeps, orgId: string, conversationId: string, row: StoredInbound, now: Date): Promise<string | undefined> {
  const transcriber = deps.transcriber!;
  const media = row.media!;
  const call = { orgId, conversationId, agent: 'customer' as const, toolCalls: [], at: now };
  try {
    const result = await transcriber.transcribe({ bytes: Buffer.from(media.dataBase64!, 'base64'), mimetype: media.mimetype ?? null, seconds: media.seconds ?? null });
    const usage = { model: result.model, promptTokens: 0, completionTokens: 0, latencyMs: result.latencyMs, costUsd: result.costUsd };
    deps.notify(await recordModelCall(deps.db, { ...call, usage }));
    return result.text || undefined;
  } catch (error) {
    // The customer is asked to write instead; the failure is on record like any model call's.
    deps.logger?.warn({ orgId, conversationId, err: error }, 'voice note transcription failed');
    const usage = { model: transcriber.model, promptTokens: 0, completionTokens: 0, latencyMs: 0, costUsd: 0 };
    deps.notify(await recordModelCall(deps.db, { ...call, usage, error: (error as Error).message.slice(0, 500) }));
    return undefined;
  }
}
