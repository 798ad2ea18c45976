import net from 'node:net';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { applyComedyPatches } from '../../runtime/comedy-patches.js';

const require = createRequire(import.meta.url);

interface MessageSocketLike {
  send(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  makePacket(message: unknown): Buffer;
}
type MessageSocketCtor = new (socket: net.Socket) => MessageSocketLike;

/** comedy's remote-mode wire format, over a real loopback TCP connection. */
async function roundTrip(message: unknown): Promise<unknown> {
  const MessageSocket = require('comedy/lib/net/message-socket.js') as MessageSocketCtor;
  const received = new Promise<unknown>((resolve, reject) => {
    const server = net.createServer((socket) => {
      socket.on('error', reject);
      new MessageSocket(socket).on('message', (m) => {
        resolve(m);
        socket.end();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1', () => {
        new MessageSocket(client).send(message);
        client.end();
      });
    });
  });
  return received;
}

describe('comedy patches', () => {
  const message = { type: 'conversation.inbound', text: 'não, obrigado 🐶 — até amanhã às 10h!' };

  it('sizes remote-mode packets in UTF-8 bytes, so pt-BR text crosses hosts intact', async () => {
    applyComedyPatches();
    const MessageSocket = require('comedy/lib/net/message-socket.js') as MessageSocketCtor;
    const packet = new MessageSocket(new net.Socket()).makePacket(message);
    expect(packet.readUInt32BE(1)).to.equal(Buffer.byteLength(JSON.stringify(message)));
    expect(await roundTrip(message)).to.deep.equal(message);
  });
});
