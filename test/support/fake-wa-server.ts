import http from 'node:http';
import net from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * Loopback stand-ins for web.whatsapp.com, for driving real Baileys sockets
 * into the failures reachable without WhatsApp (notes/baileys.md §2). Each
 * server counts its connections so a test can check that a transport never
 * holds two sockets of one number at a time.
 */
export interface FakeWaServer {
  readonly port: number;
  /** `ws://127.0.0.1:<port>/ws/chat` */
  readonly url: string;
  /** Connections open right now (TCP level). */
  readonly live: number;
  /** The most connections that were open at the same time. */
  readonly maxLive: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Resolves at the next accepted connection. */
  nextConnection(): Promise<void>;
  /** Resolves at the next WebSocket frame a client sends (Baileys' ClientHello comes first). */
  nextFrame(): Promise<void>;
  close(): Promise<void>;
}

export type FakeWaBehaviour =
  /** WebSocket upgrade succeeds, then the server closes at once (Baileys: 428). */
  | 'accept-then-close'
  /** WebSocket upgrade succeeds, then nothing: no noise handshake answer. */
  | 'silent'
  /** TCP accepted, the HTTP upgrade never answered. */
  | 'tcp-silent'
  /** The upgrade is answered with an HTTP error status (a proxy or WAF saying no). */
  | { httpStatus: number };

export async function startFakeWaServer(behaviour: FakeWaBehaviour): Promise<FakeWaServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const sockets = new Set<net.Socket>();
  let live = 0;
  let maxLive = 0;
  let accepted = 0;
  let waiters: (() => void)[] = [];
  let frameWaiters: (() => void)[] = [];
  server.on('connection', (socket) => {
    sockets.add(socket);
    accepted++;
    live++;
    maxLive = Math.max(maxLive, live);
    socket.once('close', () => {
      sockets.delete(socket);
      live--;
    });
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  });

  const wss = typeof behaviour === 'string' && behaviour !== 'tcp-silent' ? new WebSocketServer({ noServer: true }) : undefined;
  server.on('upgrade', (req, socket, head) => {
    if (behaviour === 'tcp-silent') return;
    if (typeof behaviour === 'object') {
      const reason = http.STATUS_CODES[behaviour.httpStatus] ?? 'Error';
      socket.end(`HTTP/1.1 ${behaviour.httpStatus} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\nConnection: close\r\n\r\n${reason}`);
      return;
    }
    wss!.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', () => {
        const ready = frameWaiters;
        frameWaiters = [];
        for (const resolve of ready) resolve();
      });
      if (behaviour === 'accept-then-close') ws.close(1000);
      // 'silent': keep it open and say nothing
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}/ws/chat`,
    get live() {
      return live;
    },
    get maxLive() {
      return maxLive;
    },
    get accepted() {
      return accepted;
    },
    nextConnection: () => new Promise<void>((resolve) => waiters.push(resolve)),
    nextFrame: () => new Promise<void>((resolve) => frameWaiters.push(resolve)),
    async close() {
      for (const client of wss?.clients ?? []) client.terminate();
      for (const socket of sockets) socket.destroy();
      wss?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port with nothing listening (Baileys: ECONNREFUSED → 408). */
export async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
