/**
 * What a customer sends besides text — a voice note, a photo, a location, a sticker, a
 * document — as the transports hand it over: its kind and what little the shop needs of it.
 * Only a voice note carries its bytes (to be transcribed), and only up to `MAX_AUDIO_BYTES`.
 */
export const INBOUND_MEDIA_KINDS = ['audio', 'image', 'video', 'sticker', 'document', 'location'] as const;
export type InboundMediaKind = (typeof INBOUND_MEDIA_KINDS)[number];

export interface InboundMedia {
  readonly kind: InboundMediaKind;
  readonly mimetype?: string | null;
  /** Voice notes and videos: their length, as WhatsApp states it. */
  readonly seconds?: number | null;
  readonly fileName?: string | null;
  readonly latitude?: number | null;
  readonly longitude?: number | null;
  /** A voice note's bytes, base64 (absent when too large or not downloaded). */
  readonly dataBase64?: string | null;
}

/** Voice notes longer than this (about ten minutes of WhatsApp's opus) are not transcribed. */
export const MAX_AUDIO_BYTES = 1_000_000;

/** The size of base64 data once decoded. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

/**
 * How the message is kept in the conversation's history (what staff read in Conversas and
 * the assistant reads in its window): the kind in a word, the caption or transcript after it.
 */
export function mediaHistoryText(media: InboundMedia, caption: string, transcript?: string): string {
  const said = caption.trim();
  switch (media.kind) {
    case 'audio':
      return transcript ? `🎤 Áudio: ${transcript}` : '🎤 Áudio';
    case 'image':
      return said ? `📷 Imagem: ${said}` : '📷 Imagem';
    case 'video':
      return said ? `🎬 Vídeo: ${said}` : '🎬 Vídeo';
    case 'sticker':
      return '💟 Figurinha';
    case 'document':
      return `📄 Documento${media.fileName ? ` (${media.fileName})` : ''}${said ? `: ${said}` : ''}`;
    case 'location': {
      const where = media.latitude != null && media.longitude != null ? ` (${media.latitude.toFixed(5)}, ${media.longitude.toFixed(5)})` : '';
      return `📍 Localização${where}`;
    }
  }
}

/** The short pt-BR answer to media the assistant cannot read, asking for text. */
export function mediaNeedsTextReply(kind: InboundMediaKind): string {
  switch (kind) {
    case 'audio':
      return 'Recebi seu áudio 🎤, mas por aqui ainda não consigo ouvir. Pode me escrever em texto, por favor? 🐾';
    case 'image':
    case 'video':
      return 'Recebi sua imagem 📷! Por aqui só consigo ler texto: pode me escrever o que você precisa? 🐾';
    case 'sticker':
      return 'Adorei a figurinha! 😄 Como posso ajudar? Pode me escrever em texto. 🐾';
    case 'document':
      return 'Recebi o arquivo 📄, mas não consigo abrir documentos por aqui. Pode me escrever em texto o que você precisa? 🐾';
    case 'location':
      return 'Recebi sua localização 📍! Por aqui só consigo ler texto: pode me escrever como posso ajudar? 🐾';
  }
}
