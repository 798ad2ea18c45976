import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../runtime/clock.js';
import type { Cache } from '../storage/cache.js';
import type { Database } from '../storage/database.js';
import { SimulatorTransport } from '../whatsapp/simulator.transport.js';
import type { Transport } from '../whatsapp/transport.js';
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
 * The WhatsApp transports this node offers. The simulator is always there
 * (demo shop, dashboard Simulador); Baileys is loaded only when a real number
 * may be used, since it costs ~60 MB of memory at import.
 */
export async function createTransports(options: TransportOptions): Promise<{ simulator: SimulatorTransport; baileys?: Transport }> {
  const simulator = new SimulatorTransport(options.clock);
  const instances = await options.db.selectFrom('instances').select('transport').where('transport', '=', 'baileys').limit(1).execute();
  if (options.config.waTransport !== 'baileys' && instances.length === 0) return { simulator };
  const { BaileysTransport } = await import('../whatsapp/baileys/baileys.transport.js');
  const baileys = new BaileysTransport({
    db: options.db,
    cache: options.cache,
    encryptionKey: options.encryptionKey,
    // Baileys logs routine socket churn at error level; warn keeps real problems visible without the noise.
    logger: options.logger.child({ component: 'baileys' }, { level: 'warn' }),
    clock: options.clock,
  });
  return { simulator, baileys };
}
