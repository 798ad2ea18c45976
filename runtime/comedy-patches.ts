import { createRequire } from 'node:module';

/**
 * Fixes comedy 2.1.7 in place, once per process. Its MessageSocket (remote
 * mode's wire format) sizes a packet by the JSON string's *character* count
 * and writes it into a buffer of that many *bytes*: any non-ASCII text —
 * "não, obrigado 🐶", i.e. every pt-BR conversation — is truncated and the
 * receiver's JSON.parse fails. The packet must be sized in UTF-8 bytes.
 */
interface MessageSocketClass {
  prototype: { makePacket(message: unknown): Buffer; messageType: number };
}

let applied = false;

export function applyComedyPatches(): void {
  if (applied) return;
  applied = true;
  const require = createRequire(import.meta.url);
  const MessageSocket = require('comedy/lib/net/message-socket.js') as MessageSocketClass;
  MessageSocket.prototype.makePacket = function makePacket(this: { messageType: number }, message: unknown): Buffer {
    const body = JSON.stringify(message);
    const size = Buffer.byteLength(body, 'utf8');
    const packet = Buffer.alloc(1 + 4 + size);
    packet.writeUInt8(this.messageType, 0);
    packet.writeUInt32BE(size, 1);
    packet.write(body, 1 + 4, 'utf8');
    return packet;
  };
}
