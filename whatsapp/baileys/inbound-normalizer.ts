import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
  normalizeMessageContent,
  toNumber,
  type MessageUpsertType,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { normalizePhone } from '../../domain/phone.js';
import type { WhatsAppInbound } from '../transport.js';
import { stripUnsafeText } from '../../domain/text-hygiene.js';
import { MAX_AUDIO_BYTES, type InboundMedia } from '../../domain/inbound-media.js';

/**
 * Baileys `messages.upsert` → `WhatsAppInbound`: text only, the chat's phone
 * resolved where WhatsApp lets us. No I/O of its own; the LID→PN lookup is
 * passed in (the transport passes `signalRepository.lidMapping.getPNForLID`).
 *
 * Which upserts count:
 * - `notify`: live messages, the customer's and the shop's own phone's
 *   (`fromMe`, sent from another linked device while we are online).
 * - `append`: also taken. Baileys marks as `append` every message WhatsApp
 *   delivers from the offline queue (`node.attrs.offline`) — customers'
 *   messages sent while our socket was down — so dropping `append` would lose
 *   them. The other `append` sources are harmless here: notification stubs
 *   (no text), newsletters (filtered) and the echo of our own sends, which
 *   the transport switches off (`emitOwnEvents: false`). History sync comes
 *   through `messaging-history.set`, never through here.
 * Dropped: status broadcasts and other broadcast lists, newsletters, groups
 * (unless `includeGroups`), protocol messages (revokes, edits, key shares),
 * reactions, stubs, and anything with neither text nor media we keep.
 *
 * Kept as typed media (`WhatsAppInbound.media`, the caption as `text`): voice notes
 * and audio, images, videos, stickers, documents and locations. A voice note's bytes
 * are fetched through `downloadAudio` (the transport passes Baileys'
 * `downloadMediaMessage`), only when WhatsApp states a size within `MAX_AUDIO_BYTES`.
 */
export interface NormalizeInboundOptions {
  includeGroups?: boolean;
  /** '…@lid' → '5511…:0@s.whatsapp.net' or null when the pair was never seen. */
  lookupPnForLid?: (lid: string) => Promise<string | null | undefined>;
  /** Epoch ms for a message that carries no timestamp. */
  now?: () => number;
  /** A voice note's bytes (Baileys' `downloadMediaMessage`); absent or failing, the note is kept without them. */
  downloadAudio?: (message: WAMessage) => Promise<Buffer>;
}

export interface InboundUpsert {
  messages: readonly WAMessage[];
  type: MessageUpsertType;
}

export async function normalizeUpsert(upsert: InboundUpsert, options: NormalizeInboundOptions = {}): Promise<WhatsAppInbound[]> {
  if (upsert.type !== 'notify' && upsert.type !== 'append') return [];
  const out: WhatsAppInbound[] = [];
  for (const message of upsert.messages) {
    const inbound = await normalizeMessage(message, options);
    if (inbound) out.push(inbound);
  }
  return out;
}

export async function normalizeMessage(message: WAMessage, options: NormalizeInboundOptions = {}): Promise<WhatsAppInbound | null> {
  const key = message.key;
  const remoteJid = key?.remoteJid;
  const waMessageId = key?.id;
  if (!remoteJid || !waMessageId) return null;
  if (isJidBroadcast(remoteJid) || isJidNewsletter(remoteJid)) return null; // status@broadcast included
  const group = Boolean(isJidGroup(remoteJid));
  if (group && !options.includeGroups) return null;
  const text = extractText(message.message);
  const media = await extractMedia(message, options);
  if (text === null && media === null) return null;

  // In a 1:1 chat the contact is the chat itself, whoever wrote; in a group it is the author.
  const candidates = group ? [key.participantAlt, key.participant, message.participant] : [key.remoteJidAlt, remoteJid];
  const present = candidates.filter((jid): jid is string => typeof jid === 'string' && jid.length > 0);
  const pnJid = present.find((jid) => isPnUser(jid));
  const lidJid = present.find((jid) => isLidUser(jid));
  let senderPhone = pnJid ? normalizePhone(pnJid) : null;
  if (senderPhone === null && lidJid && options.lookupPnForLid) {
    const mapped = await options.lookupPnForLid(lidJid).catch(() => null);
    if (mapped) senderPhone = normalizePhone(mapped);
  }
  const seconds = message.messageTimestamp ? toNumber(message.messageTimestamp) : 0;
  return {
    waMessageId,
    remoteJid,
    fromMe: Boolean(key.fromMe),
    senderPhone,
    senderLid: lidJid ? jidNormalizedUser(lidJid) : null,
    pushName: message.pushName ? stripUnsafeText(message.pushName) : null,
    text: text ?? '',
    ...(media && { media }),
    timestamp: seconds > 0 ? seconds * 1000 : (options.now?.() ?? 0),
  };
}

/** The media a message carries, typed; a voice note with its bytes when they can be fetched within the limit. */
export async function extractMedia(message: WAMessage, options: Pick<NormalizeInboundOptions, 'downloadAudio'> = {}): Promise<InboundMedia | null> {
  const content = normalizeMessageContent(message.message);
  if (!content) return null;
  const clean = (value: string | null | undefined) => (typeof value === 'string' && value.trim() !== '' ? stripUnsafeText(value) : null);
  if (content.audioMessage) {
    const audio = content.audioMessage;
    const size = audio.fileLength ? toNumber(audio.fileLength) : null;
    let dataBase64: string | null = null;
    if (options.downloadAudio && size !== null && size <= MAX_AUDIO_BYTES) {
      const bytes = await options.downloadAudio(message).catch(() => null);
      if (bytes && bytes.length <= MAX_AUDIO_BYTES) dataBase64 = bytes.toString('base64');
    }
    return { kind: 'audio', mimetype: clean(audio.mimetype), seconds: audio.seconds ?? null, dataBase64 };
  }
  if (content.imageMessage) return { kind: 'image', mimetype: clean(content.imageMessage.mimetype) };
  if (content.videoMessage) return { kind: 'video', mimetype: clean(content.videoMessage.mimetype), seconds: content.videoMessage.seconds ?? null };
  if (content.stickerMessage) return { kind: 'sticker', mimetype: clean(content.stickerMessage.mimetype) };
  if (content.documentMessage) return { kind: 'document', mimetype: clean(content.documentMessage.mimetype), fileName: clean(content.documentMessage.fileName) };
  const location = content.locationMessage ?? content.liveLocationMessage;
  if (location) return { kind: 'location', latitude: location.degreesLatitude ?? null, longitude: location.degreesLongitude ?? null };
  return null;
}

/** The text a person wrote: the message itself, or the caption of an image, video or document. */
export function extractText(message: proto.IMessage | null | undefined): string | null {
  // Unwraps disappearing, view-once and document-with-caption envelopes.
  const content = normalizeMessageContent(message);
  if (!content) return null;
  const candidates = [
    content.conversation,
    content.extendedTextMessage?.text,
    content.imageMessage?.caption,
    content.videoMessage?.caption,
    content.documentMessage?.caption,
  ];
  // Stripped before the emptiness check: a message of only NULs carries nothing.
  return candidates.map((text) => (typeof text === 'string' ? stripUnsafeText(text) : text)).find((text): text is string => typeof text === 'string' && text.trim() !== '') ?? null;
}
