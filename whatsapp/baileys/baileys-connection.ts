import { Boom } from '@hapi/boom';
import makeWASocket, {
  downloadMediaMessage,
  type BaileysEventMap,
  type ConnectionState,
  type proto,
  type WABrowserDescription,
  type WAMessageKey,
  type WASocket,
  type WAVersion,
} from '@whiskeysockets/baileys';
import QRCode from 'qrcode';
import { normalizePhone } from '../../domain/phone.js';
import type { Clock, TimerHandle } from '../../runtime/clock.js';
import type { ConnectOptions, ConnectionStatus, OutboundText, TransportConnection, TransportEvent } from '../transport.js';
import type { AuthStateStore, BaileysLogger } from './auth-state-store.js';
import type { BoundedCacheStore } from './bounded-cache-store.js';
import { normalizeUpsert } from './inbound-normalizer.js';

/**
 * One Baileys socket: one `TransportConnection` generation. `makeWASocket`
 * connects inside its constructor, so every listener is attached in the same
 * synchronous turn (a listener attached later can miss the whole life of a
 * socket that fails fast). Events reach the actor in order through one
 * promise chain, and `closed` is always the last one, exactly once, after the
 * session's pending auth writes have settled.
 */
export class BaileysNotConnectedError extends Error {
  readonly code = 'NOT_CONNECTED';
  constructor(instanceId: string, state: string) {
    super(`WhatsApp number ${instanceId} is not connected (socket ${state})`);
    this.name = 'BaileysNotConnectedError';
  }
}

export class BaileysAlreadyPairedError extends Error {
  readonly code = 'ALREADY_PAIRED';
  constructor(instanceId: string) {
    super(`WhatsApp number ${instanceId} is already linked; no pairing code is needed`);
    this.name = 'BaileysAlreadyPairedError';
  }
}

/** What the transport keeps per number across its sockets. */
export interface BaileysSession {
  readonly auth: AuthStateStore;
  /** Message retry counters survive reconnects (Baileys' own would be recreated per socket). */
  readonly msgRetryCounterCache: BoundedCacheStore;
  /** Set when a pairing completes (`isNewLogin`); reported with the next `open`, then cleared. */
  pendingAuthMethod: 'pairing' | 'qr' | null;
}

export interface BaileysSocketSettings {
  waWebSocketUrl?: string | URL;
  connectTimeoutMs: number;
  keepAliveIntervalMs?: number;
  version?: WAVersion;
  browser?: WABrowserDescription;
  includeGroups: boolean;
  /** End the socket at once when the WebSocket upgrade gets an HTTP answer (403 from a proxy…) instead of waiting for the watchdog. */
  failFastOnHttpError: boolean;
  getMessage?: (instanceId: string, key: WAMessageKey) => Promise<proto.IMessage | undefined>;
}

export interface BaileysConnectionDeps {
  options: ConnectOptions;
  session: BaileysSession;
  settings: BaileysSocketSettings;
  clock: Clock;
  logger: BaileysLogger;
  /** Called once the socket has closed, so the transport forgets it. */
  onGone(connection: BaileysConnection): void;
}

type Phase = ConnectionStatus | 'closed';

export class BaileysConnection implements TransportConnection {
  readonly generation: number;
  readonly instanceId: string;
  readonly #deps: BaileysConnectionDeps;
  readonly #sock: WASocket;
  readonly #logger: BaileysLogger;
  #phase: Phase = 'connecting';
  #reported: ConnectionStatus | undefined;
  #emitTail: Promise<void> = Promise.resolve();
  #closedEmitted = false;
  #closeSeen = false;
  #shutdownError: Error | undefined;
  #shutdownStarted = false;
  #watchdog: TimerHandle | undefined;
  #forceTimer: TimerHandle | undefined;
  #pairingRequested = false;
  #sawQr = false;
  readonly #firstQr: Promise<void>;
  #resolveFirstQr!: () => void;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  constructor(deps: BaileysConnectionDeps) {
    this.#deps = deps;
    this.generation = deps.options.generation;
    this.instanceId = deps.options.instanceId;
    this.#logger = deps.logger;
    this.#firstQr = new Promise((resolve) => (this.#resolveFirstQr = resolve));
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    const { settings, session } = deps;
    const getMessage = settings.getMessage;
    const sock = makeWASocket({
      auth: session.auth.state,
      logger: deps.logger,
      ...(settings.waWebSocketUrl !== undefined && { waWebSocketUrl: settings.waWebSocketUrl }),
      connectTimeoutMs: settings.connectTimeoutMs,
      ...(settings.keepAliveIntervalMs !== undefined && { keepAliveIntervalMs: settings.keepAliveIntervalMs }),
      ...(settings.version && { version: settings.version }),
      ...(settings.browser && { browser: settings.browser }),
      // The phone keeps getting notifications while Patinha is linked.
      markOnlineOnConnect: false,
      // Our own sends must not come back as `fromMe` messages (they would look like the shop's staff typing).
      emitOwnEvents: false,
      // No full-history download on link: it is the main memory sink of Baileys; recent history still syncs.
      syncFullHistory: false,
      msgRetryCounterCache: session.msgRetryCounterCache,
      // undefined on a miss: anything else burns the peer's retry (notes §5).
      getMessage: async (key) => (getMessage ? getMessage(this.instanceId, key).catch(() => undefined) : undefined),
    });
    this.#sock = sock;
    // ── listeners: synchronously, before anything can happen ──
    sock.ev.on('connection.update', (update) => this.#onConnectionUpdate(update));
    sock.ev.on('creds.update', () => this.#saveCreds());
    sock.ev.on('messages.upsert', (upsert) => this.#onUpsert(upsert));
    if (settings.failFastOnHttpError) {
      sock.ws.on('unexpected-response', (_request: unknown, response: { statusCode?: number; resume?: () => void }) => {
        response.resume?.();
        // 408, not the HTTP status: a proxy's 403 is a network problem, not WhatsApp's "forbidden" (which stops reconnecting).
        this.#shutdown(new Boom(`WebSocket upgrade rejected: HTTP ${response.statusCode}`, { statusCode: 408, data: { httpStatus: response.statusCode } }));
      });
    }
    this.#watchdog = deps.clock.setTimeout(() => this.#onWatchdog(), settings.connectTimeoutMs);
  }

  /** The Baileys socket, for diagnostics and tests. End it through `end()`, never directly. */
  get socket(): WASocket {
    return this.#sock;
  }

  /** Where the socket is: 'connecting' | 'qr' | 'pairing' | 'open' | 'closed'. */
  get phase(): Phase {
    return this.#phase;
  }

  async send(message: OutboundText): Promise<void> {
    if (this.#phase !== 'open' || this.#shutdownStarted) throw new BaileysNotConnectedError(this.instanceId, this.#phase);
    await this.#sock.sendMessage(message.toJid, { text: message.text }, { messageId: message.waMessageId });
  }

  /** Waits for the socket's first QR (WhatsApp is not ready for a code before it), then asks for a code. */
  async requestPairingCode(phone: string): Promise<string> {
    if (this.#deps.session.auth.isPaired || this.#phase === 'open') throw new BaileysAlreadyPairedError(this.instanceId);
    await Promise.race([this.#firstQr, this.#closed]);
    if (this.#phase === 'closed' || this.#shutdownStarted) throw new BaileysNotConnectedError(this.instanceId, this.#phase);
    return this.#requestPairing(phone);
  }

  /** Ends the socket; resolves once `closed` has been emitted and the socket's timers are released. */
  async end(): Promise<void> {
    this.#shutdown(undefined);
    await this.#closed;
  }

  /** Unlinks the device (only possible on an open socket), then ends the socket. */
  async logout(): Promise<void> {
    if (this.#phase === 'open' && !this.#shutdownStarted) {
      try {
        await this.#sock.logout();
      } catch (error) {
        this.#logger.warn({ err: error, instanceId: this.instanceId }, 'logout request failed; ending the socket anyway');
      }
    }
    await this.end();
  }

  // ── socket events ──

  #onConnectionUpdate(update: Partial<ConnectionState>): void {
    if (update.connection === 'connecting') this.#report('connecting');
    if (update.qr) this.#onQr(update.qr);
    if (update.isNewLogin) this.#deps.session.pendingAuthMethod = this.#pairingRequested ? 'pairing' : 'qr';
    if (update.connection === 'open') this.#onOpen();
    if (update.connection === 'close') this.#onClose(update.lastDisconnect?.error);
  }

  #onQr(qr: string): void {
    this.#clearWatchdog();
    const first = !this.#sawQr;
    this.#sawQr = true;
    const pairingPhone = this.#deps.options.pairingPhone;
    if (first) {
      this.#report(pairingPhone ? 'pairing' : 'qr');
      this.#resolveFirstQr();
    }
    this.#enqueue(async () => ({ type: 'qr', qr, qrDataUrl: await QRCode.toDataURL(qr) }));
    if (first && pairingPhone) {
      this.#requestPairing(pairingPhone).catch((error: unknown) => {
        this.#logger.warn({ err: error, instanceId: this.instanceId }, 'pairing code request failed; the QR is still offered');
        this.#report('qr');
      });
    }
  }

  #onOpen(): void {
    this.#clearWatchdog();
    const session = this.#deps.session;
    const meId = session.auth.creds.me?.id;
    const authMethod = session.pendingAuthMethod;
    session.pendingAuthMethod = null;
    this.#enqueue(async () => ({ type: 'account', phone: meId ? normalizePhone(meId) : null, authMethod }));
    this.#report('open');
  }

  #onClose(error: Error | undefined): void {
    if (this.#closeSeen) return;
    this.#closeSeen = true;
    this.#phase = 'closed';
    this.#clearWatchdog();
    this.#deps.clock.clearTimeout(this.#forceTimer);
    this.#forceTimer = undefined;
    this.#releaseHandshakeTimers();
    const auth = this.#deps.session.auth;
    // A code was asked for but the pairing never completed: these creds must not log in next time (notes §2).
    if (!auth.isPaired && auth.creds.me) this.#forgetUnfinishedPairing();
    this.#deps.onGone(this);
    const code = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const message = error?.message ?? 'connection ended';
    this.#enqueue(async () => {
      // A 515 right after pairing is only safe to act on once the new creds are in the database.
      await auth.flush().catch((flushError: unknown) =>
        this.#logger.error({ err: flushError, instanceId: this.instanceId }, 'auth state not saved before close'),
      );
      return { type: 'closed', code, message };
    });
    void this.#emitTail.then(() => this.#resolveClosed());
  }

  #onUpsert(upsert: BaileysEventMap['messages.upsert']): void {
    const lidMapping = this.#sock.signalRepository.lidMapping;
    this.#enqueue(async () => {
      const messages = await normalizeUpsert(upsert, {
        includeGroups: this.#deps.settings.includeGroups,
        lookupPnForLid: (lid) => lidMapping.getPNForLID(lid),
        now: () => this.#deps.clock.now(),
        // Voice notes are transcribed later; their bytes are fetched now, while the media URL is fresh.
        downloadAudio: (message) => downloadMediaMessage(message, 'buffer', {}, { reuploadRequest: this.#sock.updateMediaMessage, logger: this.#logger }),
      });
      return messages.length ? { type: 'messages', messages } : undefined;
    });
  }

  #saveCreds(): void {
    this.#deps.session.auth.saveCreds().catch((error: unknown) =>
      this.#logger.error({ err: error, instanceId: this.instanceId }, 'saving WhatsApp creds failed'),
    );
  }

  // ── pairing ──

  async #requestPairing(phone: string): Promise<string> {
    this.#pairingRequested = true;
    const auth = this.#deps.session.auth;
    try {
      // Digits as given: an old Brazilian account may be registered without the 9th digit.
      const code = await this.#sock.requestPairingCode(phone.replace(/\D/g, ''));
      if (this.#phase !== 'open') this.#report('pairing');
      this.#enqueue(async () => ({ type: 'pairing-code', code }));
      return code;
    } catch (error) {
      if (!auth.isPaired) this.#forgetUnfinishedPairing();
      throw error;
    }
  }

  /** `requestPairingCode` sets `creds.me` before it sends; left in place, the next socket would try to log in. */
  #forgetUnfinishedPairing(): void {
    const creds = this.#deps.session.auth.creds;
    creds.me = undefined;
    creds.pairingCode = undefined;
    this.#saveCreds();
  }

  // ── shutdown ──

  #onWatchdog(): void {
    this.#watchdog = undefined;
    if (this.#phase !== 'connecting' || this.#sawQr) return;
    const ms = this.#deps.settings.connectTimeoutMs;
    this.#logger.warn({ instanceId: this.instanceId, connectTimeoutMs: ms }, 'socket stuck connecting: watchdog ends it');
    this.#shutdown(new Boom(`Connect watchdog: no QR and no open within ${ms} ms`, { statusCode: 408 }));
  }

  /**
   * Ends the socket with `error` (undefined: we ended it). If Baileys' own end
   * does not come back (a close handshake with a dead peer waits 30 s in
   * `ws`), the WebSocket is destroyed after connectTimeoutMs.
   */
  #shutdown(error: Error | undefined): void {
    if (this.#shutdownStarted || this.#closeSeen) return;
    this.#shutdownStarted = true;
    this.#shutdownError = error;
    this.#clearWatchdog();
    this.#forceTimer = this.#deps.clock.setTimeout(() => this.#force(), this.#deps.settings.connectTimeoutMs);
    this.#sock.end(error).catch((endError: unknown) => this.#logger.warn({ err: endError, instanceId: this.instanceId }, 'socket end failed'));
  }

  #force(): void {
    this.#forceTimer = undefined;
    const ws = (this.#sock.ws as unknown as { socket?: { terminate?: () => void } | null }).socket;
    ws?.terminate?.();
    this.#onClose(this.#shutdownError);
  }

  /**
   * After `end()`, Baileys leaves the noise-handshake and pending-query timers
   * armed (it removed the ws 'close' listeners that would cancel them), which
   * keeps the process — and the socket's memory — alive for connectTimeoutMs.
   * Those waiters also listen for 'error': one error event rejects them now.
   * The socket is already closed, so Baileys' own error handler is a no-op.
   */
  #releaseHandshakeTimers(): void {
    const ws = this.#sock.ws;
    if (ws.listenerCount('error') > 0) ws.emit('error', new Boom('Connection Closed', { statusCode: 428 }));
  }

  #clearWatchdog(): void {
    this.#deps.clock.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  // ── events to the actor ──

  #report(status: ConnectionStatus): void {
    if (this.#phase === 'closed') return;
    this.#phase = status;
    if (this.#reported === status) return;
    this.#reported = status;
    this.#enqueue(async () => ({ type: 'status', status }));
  }

  /** Events leave in the order they were produced, even when producing one is async (QR image, LID lookups). */
  #enqueue(produce: () => Promise<TransportEvent | undefined>): void {
    this.#emitTail = this.#emitTail.then(async () => {
      if (this.#closedEmitted) return;
      let event: TransportEvent | undefined;
      try {
        event = await produce();
      } catch (error) {
        this.#logger.error({ err: error, instanceId: this.instanceId }, 'could not build a transport event');
        return;
      }
      if (!event || this.#closedEmitted) return;
      if (event.type === 'closed') this.#closedEmitted = true;
      try {
        this.#deps.options.onEvent({ instanceId: this.instanceId, generation: this.generation, event });
      } catch (error) {
        this.#logger.error({ err: error, instanceId: this.instanceId }, 'transport event listener threw');
      }
    });
  }
}
