import { proto, type MessageUpsertType, type WAMessage } from '@whiskeysockets/baileys';
import { expect } from 'chai';
import { extractText, normalizeMessage, normalizeUpsert, type NormalizeInboundOptions } from '../../../whatsapp/baileys/inbound-normalizer.js';
import type { WhatsAppInbound } from '../../../whatsapp/transport.js';

/** Hand-built WAMessages, shaped as Baileys 7 upserts them. */
const PN = '5511987654321@s.whatsapp.net';
const LEGACY_PN = '551187654321@s.whatsapp.net'; // an old account without the 9th digit
const LID = '123456789012345@lid';
const GROUP = '120363025246125888@g.us';
const T = 1_767_000_000; // seconds

function msg(key: Partial<WAMessage['key']>, message: proto.IMessage | null, extra: Partial<WAMessage> = {}): WAMessage {
  return { key: { id: '3EB0ABCDEF', fromMe: false, ...key }, message, messageTimestamp: T, pushName: 'Ana', ...extra };
}

const lidBook: Record<string, string> = { [LID]: '5511987654321:0@s.whatsapp.net' };
const options: NormalizeInboundOptions = {
  lookupPnForLid: async (lid) => lidBook[lid] ?? null,
  now: () => 42,
};

const base: WhatsAppInbound = {
  waMessageId: '3EB0ABCDEF',
  remoteJid: PN,
  fromMe: false,
  senderPhone: '+5511987654321',
  senderLid: null,
  pushName: 'Ana',
  text: 'oi',
  timestamp: T * 1000,
};

describe('inbound normalizer', () => {
  const cases: { name: string; message: WAMessage; expected: Partial<WhatsAppInbound> | null; opts?: NormalizeInboundOptions }[] = [
    { name: 'plain conversation from a PN chat', message: msg({ remoteJid: PN }, { conversation: 'oi' }), expected: {} },
    {
      name: 'extendedTextMessage (a reply or a link)',
      message: msg({ remoteJid: PN }, { extendedTextMessage: { text: 'quero agendar banho' } }),
      expected: { text: 'quero agendar banho' },
    },
    { name: 'image with its caption', message: msg({ remoteJid: PN }, { imageMessage: { caption: 'olha o Rex' } }), expected: { text: 'olha o Rex', media: { kind: 'image', mimetype: null } } },
    { name: 'video with its caption', message: msg({ remoteJid: PN }, { videoMessage: { caption: 'ele mancando', seconds: 7 } }), expected: { text: 'ele mancando', media: { kind: 'video', mimetype: null, seconds: 7 } } },
    {
      name: 'document caption inside documentWithCaptionMessage',
      message: msg({ remoteJid: PN }, { documentWithCaptionMessage: { message: { documentMessage: { caption: 'carteira de vacina' } } } }),
      expected: { text: 'carteira de vacina', media: { kind: 'document', mimetype: null, fileName: null } },
    },
    {
      name: 'a disappearing-mode (ephemeral) text',
      message: msg({ remoteJid: PN }, { ephemeralMessage: { message: { conversation: 'tem horário?' } } }),
      expected: { text: 'tem horário?' },
    },
    {
      name: 'LID chat with remoteJidAlt: phone from the alt, LID kept',
      message: msg({ remoteJid: LID, remoteJidAlt: PN, addressingMode: 'lid' }, { conversation: 'oi' }),
      expected: { remoteJid: LID, senderLid: LID },
    },
    {
      name: 'PN chat with the LID as alt',
      message: msg({ remoteJid: PN, remoteJidAlt: '123456789012345:7@lid' }, { conversation: 'oi' }),
      expected: { senderLid: LID },
    },
    {
      name: 'LID chat without alt: phone through the LID→PN mapping (device suffix dropped)',
      message: msg({ remoteJid: LID }, { conversation: 'oi' }),
      expected: { remoteJid: LID, senderLid: LID },
    },
    {
      name: 'LID never seen: no phone, still delivered',
      message: msg({ remoteJid: '999999999999999@lid' }, { conversation: 'oi' }),
      expected: { remoteJid: '999999999999999@lid', senderLid: '999999999999999@lid', senderPhone: null },
    },
    {
      name: 'legacy 8-digit Brazilian mobile gets its 9th digit',
      message: msg({ remoteJid: LEGACY_PN }, { conversation: 'oi' }),
      expected: { remoteJid: LEGACY_PN, senderPhone: '+5511987654321' },
    },
    {
      name: 'fromMe: the shop answering from its phone keeps the chat phone and fromMe',
      message: msg({ remoteJid: PN, fromMe: true }, { conversation: 'já te respondo' }, { pushName: null }),
      expected: { fromMe: true, text: 'já te respondo', pushName: null },
    },
    {
      name: 'Long timestamp → ms',
      message: msg({ remoteJid: PN }, { conversation: 'oi' }, { messageTimestamp: { low: T, high: 0, unsigned: true } as unknown as number }),
      expected: {},
    },
    { name: 'no timestamp → now()', message: msg({ remoteJid: PN }, { conversation: 'oi' }, { messageTimestamp: null }), expected: { timestamp: 42 } },
    { name: 'status broadcast is ignored', message: msg({ remoteJid: 'status@broadcast', participant: PN }, { conversation: 'meu status' }), expected: null },
    { name: 'broadcast list is ignored', message: msg({ remoteJid: '1234567890@broadcast' }, { conversation: 'promo' }), expected: null },
    { name: 'newsletter is ignored', message: msg({ remoteJid: '120363000000000000@newsletter' }, { conversation: 'news' }), expected: null },
    {
      name: 'protocol message (a revoke) is ignored',
      message: msg({ remoteJid: PN }, { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'X' } } }),
      expected: null,
    },
    {
      name: 'an edit (protocol message inside editedMessage) is ignored',
      message: msg({ remoteJid: PN }, { editedMessage: { message: { protocolMessage: { type: 14, editedMessage: { conversation: 'editado' } } } } }),
      expected: null,
    },
    { name: 'reaction is ignored', message: msg({ remoteJid: PN }, { reactionMessage: { text: '👍', key: { id: 'X' } } }), expected: null },
    {
      name: 'stub without content (undecryptable ciphertext) is ignored',
      message: msg({ remoteJid: PN }, null, { messageStubType: proto.WebMessageInfo.StubType.CIPHERTEXT, messageStubParameters: ['No session'] }),
      expected: null,
    },
    { name: 'image without caption: kept as an image with empty text', message: msg({ remoteJid: PN }, { imageMessage: { mimetype: 'image/jpeg' } }), expected: { text: '', media: { kind: 'image', mimetype: 'image/jpeg' } } },
    {
      name: 'voice note: its bytes fetched through downloadAudio',
      message: msg({ remoteJid: PN }, { audioMessage: { mimetype: 'audio/ogg; codecs=opus', seconds: 4, ptt: true, fileLength: 6 } }),
      opts: { downloadAudio: async () => Buffer.from('OggS!!') },
      expected: { text: '', media: { kind: 'audio', mimetype: 'audio/ogg; codecs=opus', seconds: 4, dataBase64: Buffer.from('OggS!!').toString('base64') } },
    },
    {
      name: 'voice note over the size limit: kept without its bytes (nothing downloaded)',
      message: msg({ remoteJid: PN }, { audioMessage: { mimetype: 'audio/ogg', seconds: 900, fileLength: 5_000_000 } }),
      opts: { downloadAudio: async () => { throw new Error('must not download'); } },
      expected: { text: '', media: { kind: 'audio', mimetype: 'audio/ogg', seconds: 900, dataBase64: null } },
    },
    {
      name: 'voice note whose download fails: kept without its bytes',
      message: msg({ remoteJid: PN }, { audioMessage: { mimetype: 'audio/ogg', seconds: 3, fileLength: 100 } }),
      opts: { downloadAudio: () => Promise.reject(new Error('media expired')) },
      expected: { text: '', media: { kind: 'audio', mimetype: 'audio/ogg', seconds: 3, dataBase64: null } },
    },
    { name: 'sticker', message: msg({ remoteJid: PN }, { stickerMessage: { mimetype: 'image/webp' } }), expected: { text: '', media: { kind: 'sticker', mimetype: 'image/webp' } } },
    {
      name: 'location',
      message: msg({ remoteJid: PN }, { locationMessage: { degreesLatitude: -23.56, degreesLongitude: -46.65 } }),
      expected: { text: '', media: { kind: 'location', latitude: -23.56, longitude: -46.65 } },
    },
    { name: 'whitespace-only text is ignored', message: msg({ remoteJid: PN }, { conversation: '  \n ' }), expected: null },
    { name: 'a message without id is ignored', message: msg({ remoteJid: PN, id: null }, { conversation: 'oi' }), expected: null },
    {
      name: 'group is ignored by default',
      message: msg({ remoteJid: GROUP, participant: LID, participantAlt: PN }, { conversation: 'oi grupo' }),
      expected: null,
    },
    {
      name: 'group with includeGroups: sender from participantAlt',
      message: msg({ remoteJid: GROUP, participant: LID, participantAlt: PN }, { conversation: 'oi grupo' }),
      opts: { includeGroups: true },
      expected: { remoteJid: GROUP, senderLid: LID, text: 'oi grupo' },
    },
    {
      name: 'group with includeGroups, LID participant only: phone through the mapping',
      message: msg({ remoteJid: GROUP, participant: LID }, { conversation: 'oi grupo' }),
      opts: { includeGroups: true, lookupPnForLid: options.lookupPnForLid },
      expected: { remoteJid: GROUP, senderLid: LID, text: 'oi grupo' },
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const result = await normalizeMessage(c.message, { ...options, ...c.opts });
      if (c.expected === null) expect(result).to.equal(null);
      else expect(result).to.deep.equal({ ...base, ...c.expected });
    });
  }

  it('a failing LID lookup leaves the phone unknown instead of dropping the message', async () => {
    const result = await normalizeMessage(msg({ remoteJid: LID }, { conversation: 'oi' }), { lookupPnForLid: () => Promise.reject(new Error('db down')) });
    expect(result).to.include({ senderPhone: null, senderLid: LID, text: 'oi' });
  });

  it('takes notify and append upserts (append carries messages queued while offline), in order', async () => {
    const messages = [
      msg({ remoteJid: PN, id: 'A' }, { conversation: 'um' }),
      msg({ remoteJid: 'status@broadcast', id: 'B' }, { conversation: 'status' }),
      msg({ remoteJid: PN, id: 'C' }, { conversation: 'dois' }),
    ];
    for (const type of ['notify', 'append'] as MessageUpsertType[]) {
      const out = await normalizeUpsert({ messages, type }, options);
      expect(out.map((m) => m.waMessageId), type).to.deep.equal(['A', 'C']);
    }
    expect(await normalizeUpsert({ messages, type: 'other' as MessageUpsertType }, options)).to.deep.equal([]);
  });

  it('extractText reads only text people wrote', () => {
    expect(extractText({ conversation: 'a', imageMessage: { caption: 'b' } })).to.equal('a');
    expect(extractText({ conversation: '', imageMessage: { caption: 'b' } })).to.equal('b');
    expect(extractText(undefined)).to.equal(null);
    expect(extractText({ stickerMessage: {} })).to.equal(null);
  });
});
