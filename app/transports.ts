import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock.js';
import type { Cache } from '../storage/cache.js';
import type { Database } from '../storage/database.js';
import { SimulatorTransport } from '../whatsapp/simulator.transport.js';
import type { ConnectOptions, Transport, TransportConnection } from '../whatsapp/transport.js';
import type { Config } from './config.js';

export interface TransportOptions {
  config: Config;
  db: Kysely<Database>;
  cache: Cache;
  clock: Clock;
  logger: Logger;
  encryptionKey: string;
}

/**
 * Baileys, loaded on first use: importing it costs ~60 MB and 200 ms, which a
 * shop running only the simulator should not pay, yet a real number added at
 * run time must work without a restart.
 */
class LazyBaileysTransport implements Transport {
  readonly kind = 'baileys' as const;
  #loaded: Promise<Transport> | undefined;
  #ready: Transport | undefined;

  constructor(readonly options: TransportOptions) {}

  #transport(): Promise<Transport> {
    this.#loaded ??= import('../whatsapp/baileys/baileys.transport.js').then(({ BaileysTransport }) => {
      this.#ready = new BaileysTransport({
        db: this.options.db,
        cache: this.options.cache,
        encryptionKey: this.options.encryptionKey,
        // Baileys logs routine socket churn at error level; warn keeps real problems visible without the noise.
        logger: this.options.logger.child({ component: 'baileys' }, { level: 'warn' }),
        clock: this.options.clock,
      });
      return this.#ready;
    });
    return this.#loaded;
  }

  async connect(options: ConnectOptions): Promise<TransportConnection> {
    return (await this.#transport()).connect(options);
  }

  async hasCredentials(instanceId: string): Promise<boolean> {
    return (await this.#transport()).hasCredentials(instanceId);
  }

  async logout(instanceId: string): Promise<void> {
    return (await this.#transport()).logout(instanceId);
  }

  async release(instanceId: string): Promise<void> {
    if (this.#loaded) await (await this.#loaded).release(instanceId);
  }

  isConnected(instanceId: string): boolean {
    return this.#ready?.isConnected?.(instanceId) ?? false;
  }
}

/** The WhatsApp transports of this node: the simulator always, Baileys on first use. */
export function createTransports(options: TransportOptions): { simulator: SimulatorTransport; baileys: Transport } {
  return { simulator: new SimulatorTransport(options.clock), baileys: new LazyBaileysTransport(options) };
}
