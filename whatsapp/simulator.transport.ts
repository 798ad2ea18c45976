import type { InboundMedia } from '../domain/inbound-media.js';
import { phoneToJid } from '../domain/phone.js';
import type { Clock } from '../runtime/clock.js';
import type { ConnectOptions, OutboundText, Transport, TransportConnection, WhatsAppInbound } from './transport.js';

/**
 * WhatsApp without WhatsApp: an in-process, deterministic transport. The demo
 * shop, the dashboard's Simulador and most tests use it. Customers' messages
 * are injected (`inject`), replies are recorded (`sentTo` / `onSent`), and a
 * test can drop the connection with any close code (`dropConnection`).
 */
export class SimulatorNotConnectedError extends Error {
  readonly code = 'NOT_CONNECTED';
  constructor(instanceId: string) {
    super(`Simulator number ${instanceId} is not connected`);
  }
}

/** The number did not confirm within the wait that it stored a delivered message (busy, reconnecting or down). */
export class InboundNotStoredError extends Error {
  readonly code = 'NUMBER_BUSY';
  constructor(
    instanceId: string,
    readonly waMessageId: string,
    readonly waitedMs: number,
  ) {
    super(`Simulator number ${instanceId} did not store message ${waMessageId} within ${waitedMs} ms`);
  }
}

export interface SimulatedInbound {
  from: string;
  /** The text, or the media's caption (empty when it has none). */
  text: string;
  /** A voice note (with its bytes), photo, location, sticker or document. */
  media?: InboundMedia;
  id: string;
  pushName?: string | null;
  fromMe?: boolean;
}

/** A simulated customer message as a socket would deliver it, received at `nowMs`. */
export function simulatedInbound(message: SimulatedInbound, nowMs: number): WhatsAppInbound {
  return {
    waMessageId: message.id,
    remoteJid: phoneToJid(message.from),
    fromMe: message.fromMe ?? false,
    senderPhone: message.from,
    senderLid: null,
    pushName: message.pushName ?? null,
    text: message.text,
    ...(message.media && { media: message.media }),
    timestamp: nowMs,
  };
}

/** One inbound message as the number's receipt names it. */
const receiptKey = (instanceId: string, m: Pick<WhatsAppInbound, 'remoteJid' | 'waMessageId' | 'fromMe'>) =>
  `${instanceId}/${m.remoteJid}/${m.waMessageId}/${m.fromMe ? 1 : 0}`;

export interface SimulatedSend extends OutboundText {
  instanceId: string;
  at: number;
}

interface LiveConnection {
  options: ConnectOptions;
  connection: TransportConnection;
}

export class SimulatorTransport implements Transport {
  readonly kind = 'simulator' as const;
  readonly #live = new Map<string, LiveConnection>();
  readonly #sent: SimulatedSend[] = [];
  readonly #sendListeners = new Set<(sent: SimulatedSend) => void>();
  /** Numbers logged out from the API: they stay down until connected again. */
  readonly #loggedOut = new Set<string>();
  /** Delivered messages whose sender waits for the number's receipt (stored durably), by receipt key. */
  readonly #awaitingReceipt = new Map<string, Set<() => void>>();
  #failNextSends = 0;
  #sendHold: { reached: () => void; released: Promise<void> } | undefined;
  #failingConnects: { remaining: number; code: number } | undefined;

  constructor(
    readonly clock: Clock,
    readonly accountPhones: ReadonlyMap<string, string> = new Map(),
  ) {}

  async connect(options: ConnectOptions): Promise<TransportConnection> {
    const previous = this.#live.get(options.instanceId);
    if (previous) await previous.connection.end();
    let ended = false;
    const emit = options.onEvent;
    const envelope = (event: Parameters<ConnectOptions['onEvent']>[0]['event']) =>
      emit({ instanceId: options.instanceId, generation: options.generation, event });
    const connection: TransportConnection = {
      generation: options.generation,
      send: async (message) => {
        if (ended) throw new SimulatorNotConnectedError(options.instanceId);
        const hold = this.#sendHold;
        if (hold) {
          this.#sendHold = undefined;
          hold.reached();
          await hold.released;
        }
        if (this.#failNextSends > 0) {
          this.#failNextSends--;
          throw Object.assign(new Error('rate-overlimit'), { code: 429 });
        }
        const sent = { ...message, instanceId: options.instanceId, at: this.clock.now() };
        this.#sent.push(sent);
        for (const listener of this.#sendListeners) listener(sent);
      },
      requestPairingCode: async () => 'SIMU-LADO',
      end: async () => {
        if (ended) return;
        ended = true;
        if (this.#live.get(options.instanceId)?.connection === connection) this.#live.delete(options.instanceId);
        envelope({ type: 'closed', code: undefined, message: 'ended' });
      },
    };
    this.#live.set(options.instanceId, { options, connection });
    this.#loggedOut.delete(options.instanceId);
    // Events after connect() resolves, as a real socket's would.
    queueMicrotask(() => {
      if (ended) return;
      envelope({ type: 'status', status: 'connecting' });
      const failing = this.#failingConnects;
      if (failing && failing.remaining > 0) {
        failing.remaining--;
        ended = true;
        this.#live.delete(options.instanceId);
        envelope({ type: 'closed', code: failing.code, message: 'simulated connection failure' });
        return;
      }
      envelope({ type: 'account', phone: this.accountPhones.get(options.instanceId) ?? null, authMethod: null });
      envelope({ type: 'status', status: 'open' });
    });
    return connection;
  }

  async hasCredentials(instanceId: string): Promise<boolean> {
    // A simulated number needs no pairing: it has "credentials" until logged out.
    return !this.#loggedOut.has(instanceId);
  }

  async logout(instanceId: string): Promise<void> {
    this.#loggedOut.add(instanceId);
    await this.#live.get(instanceId)?.connection.end();
  }

  async release(instanceId: string): Promise<void> {
    this.#live.delete(instanceId);
  }

  isConnected(instanceId: string): boolean {
    return this.#live.has(instanceId);
  }

  /** Delivers a customer's message to the number, as WhatsApp would, without waiting for its receipt. */
  inject(instanceId: string, message: SimulatedInbound): void {
    const live = this.#live.get(instanceId);
    if (!live) throw new SimulatorNotConnectedError(instanceId);
    live.options.onEvent({ instanceId, generation: live.options.generation, event: { type: 'messages', messages: [this.#inbound(message)] } });
  }

  /**
   * Delivers a message and resolves once the number has stored it durably —
   * WhatsApp's contract: a message counts as delivered only when the receiver
   * acknowledged it. Rejects with `InboundNotStoredError` if no receipt comes
   * within `timeoutMs` (the message may still be stored later: deliver it
   * again with the same id, the inbox keeps one copy).
   */
  deliver(instanceId: string, message: SimulatedInbound, timeoutMs: number): Promise<void> {
    const live = this.#live.get(instanceId);
    if (!live) return Promise.reject(new SimulatorNotConnectedError(instanceId));
    const inbound = this.#inbound(message);
    const key = receiptKey(instanceId, inbound);
    return new Promise<void>((resolve, reject) => {
      const waiters = this.#awaitingReceipt.get(key) ?? new Set();
      this.#awaitingReceipt.set(key, waiters);
      const forget = () => {
        waiters.delete(onReceipt);
        if (waiters.size === 0 && this.#awaitingReceipt.get(key) === waiters) this.#awaitingReceipt.delete(key);
      };
      const timer = this.clock.setTimeout(() => {
        forget();
        reject(new InboundNotStoredError(instanceId, inbound.waMessageId, timeoutMs));
      }, timeoutMs);
      const onReceipt = () => {
        this.clock.clearTimeout(timer);
        forget();
        resolve();
      };
      waiters.add(onReceipt);
      try {
        live.options.onEvent({ instanceId, generation: live.options.generation, event: { type: 'messages', messages: [inbound] } });
      } catch (error) {
        // The session refused it outright (its mailbox is full): no receipt will come.
        this.clock.clearTimeout(timer);
        forget();
        reject(error);
      }
    });
  }

  stored(instanceId: string, messages: readonly WhatsAppInbound[]): void {
    for (const message of messages) {
      for (const onReceipt of [...(this.#awaitingReceipt.get(receiptKey(instanceId, message)) ?? [])]) onReceipt();
    }
  }

  /** Delivered messages still waiting for the number's receipt (tests wait on this). */
  get awaitingReceipt(): number {
    let n = 0;
    for (const waiters of this.#awaitingReceipt.values()) n += waiters.size;
    return n;
  }

  #inbound(message: SimulatedInbound): WhatsAppInbound {
    return simulatedInbound(message, this.clock.now());
  }

  /** Closes the live socket with a WhatsApp close code, as a network drop or a logout would. */
  dropConnection(instanceId: string, code: number, message = 'simulated close'): void {
    const live = this.#live.get(instanceId);
    if (!live) throw new SimulatorNotConnectedError(instanceId);
    this.#live.delete(instanceId);
    live.options.onEvent({ instanceId, generation: live.options.generation, event: { type: 'closed', code, message } });
  }

  /** The socket dies without a close event (a half-open connection): only a health check notices. */
  vanish(instanceId: string): void {
    this.#live.delete(instanceId);
  }

  /** Makes the next `n` connection attempts fail with `code`, as an unreachable WhatsApp would. */
  failNextConnects(n: number, code: number): void {
    this.#failingConnects = { remaining: n, code };
  }

  /** Makes the next send wait until `release()` (a slow WhatsApp: the number stays busy sending). */
  holdNextSend(): { reached: Promise<void>; release(): void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.#sendHold = { reached, released };
    return { reached: reachedPromise, release };
  }

  /** Makes the next `n` sends fail like WhatsApp's rate limit does. */
  failNextSends(n: number): void {
    this.#failNextSends = n;
  }

  sentTo(instanceId: string, toPhone?: string): SimulatedSend[] {
    const jid = toPhone ? phoneToJid(toPhone) : undefined;
    return this.#sent.filter((s) => s.instanceId === instanceId && (!jid || s.toJid === jid));
  }

  onSent(listener: (sent: SimulatedSend) => void): () => void {
    this.#sendListeners.add(listener);
    return () => this.#sendListeners.delete(listener);
  }
}
