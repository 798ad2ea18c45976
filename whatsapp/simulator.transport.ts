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
  #failNextSends = 0;
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

  /** Delivers a customer's message to the number, as WhatsApp would. */
  inject(instanceId: string, message: { from: string; text: string; id: string; pushName?: string | null; fromMe?: boolean }): void {
    const live = this.#live.get(instanceId);
    if (!live) throw new SimulatorNotConnectedError(instanceId);
    const inbound: WhatsAppInbound = {
      waMessageId: message.id,
      remoteJid: phoneToJid(message.from),
      fromMe: message.fromMe ?? false,
      senderPhone: message.from,
      senderLid: null,
      pushName: message.pushName ?? null,
      text: message.text,
      timestamp: this.clock.now(),
    };
    live.options.onEvent({ instanceId, generation: live.options.generation, event: { type: 'messages', messages: [inbound] } });
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
